"""Run department campaigns: their rules, the feeder that paces them into the outbox, and what staff do with them."""
