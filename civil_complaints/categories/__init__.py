"""민원 분류 (two levels, kept by administrators), free tags, and the cause recorded when a 민원 is finished."""
