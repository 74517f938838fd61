# Refused: coroutines (`async def` / `await`) need a suspendable frame driven by
# an event loop, which RPython does not support.


async def f(x):
    y = await x  # <- error
    return y
