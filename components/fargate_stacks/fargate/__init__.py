"""What Fargate accepts, gives and charges, kept as data. Pure Python: no Pulumi, no AWS calls."""
