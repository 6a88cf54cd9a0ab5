"""servicescore: score customer-service maturity against a checklist and a continuum."""

__version__ = "0.1.0"
