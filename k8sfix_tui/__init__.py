"""k8sfix: bring a Kubernetes deployment document back in line with what the repository deploys."""

__version__ = "0.1.0"
