"""The garbage collectors, written in low-level Python over llmemory
addresses (section 3.3 of the paper), and what they share."""
