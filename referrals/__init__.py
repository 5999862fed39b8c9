"""Community Supports referrals."""
