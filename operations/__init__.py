"""Running the site: backing up and restoring its database and files (manage.py backup,
manage.py restore). No models."""
