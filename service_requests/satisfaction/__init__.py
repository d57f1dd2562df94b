"""내부고객 만족도: the requester's rating of one resolved request, and the periodic internal-customer survey."""
