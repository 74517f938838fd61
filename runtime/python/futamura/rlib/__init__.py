"""The RPython library: helpers with the same meaning on CPython and translated."""
