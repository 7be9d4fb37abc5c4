"""nnlab: the numpy engine of a visual neural-network lab. Never imports Qt."""

__version__ = "0.1.0"
