"""Pure rules of the policy-customer registry (consent per purpose, retention): standard library only."""
