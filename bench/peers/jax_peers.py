"""optax on JAX: Adam's update (optax.scale_by_adam, the torch convention) on the batched
iterate, each column scaled by its own lr, the loop jitted once per instance; results are read
after block_until_ready so the clock sees the work."""
import jax
import jax.numpy as jnp
import optax

jax.config.update("jax_enable_x64", True)
NAME = "jax " + jax.__version__ + ", optax " + optax.__version__


def adam_optax(inst):
    A = jnp.asarray(inst.A)
    b = jnp.asarray(inst.b)[:, None]
    lr = jnp.asarray(inst.lr)[None, :]
    X0 = jnp.repeat(jnp.asarray(inst.x0)[:, None], inst.batch, axis=1)
    tx = optax.scale_by_adam(b1=inst.meta["beta1"], b2=inst.meta["beta2"], eps=inst.meta["eps"])

    def step(carry, _):
        X, state = carry
        updates, state = tx.update(A @ X - b, state)
        return (X - lr * updates, state), None

    run = jax.jit(lambda X: jax.lax.scan(step, (X, tx.init(X)), None, length=inst.iterations)[0][0])
    return lambda _inst: run(X0).block_until_ready()


def peers(inst):
    if inst.optimizer != "adam":
        return []
    return [("optax adam " + jax.default_backend(), adam_optax(inst), None)]
