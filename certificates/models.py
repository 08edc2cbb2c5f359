# Certificate templates, issued certificates and verification arrive with the certificates issue.
