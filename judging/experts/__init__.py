"""The expert pool: invitations (invitations), joining it (onboarding), each cycle's
availability and standing interests (statements), the pool at a glance (coverage)."""
