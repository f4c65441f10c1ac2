"""Salon POS: point of sale for hair and beauty salons."""

__version__ = "0.1.0"
