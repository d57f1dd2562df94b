"""What a 민원인 does without an account: look up, read the status, withdraw (취하), supplement (보완), rate,
download their own files."""
