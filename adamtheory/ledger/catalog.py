"""Every claim of ../shared/PAPER.md: id, section, statement, the notebook that tells it."""

from __future__ import annotations

from typing import NamedTuple


class Entry(NamedTuple):
    section: str
    claim: str
    notebook: str
    pending: str = "its part of the project has not landed"


_NB = "notebooks/"
_ROWS = [
    # Algorithm 1 and Section 2
    (
        "alg1",
        "Alg. 1",
        "Adam's update rule with eps after sqrt(v-hat); defaults 1e-3, 0.9, 0.999, 1e-8",
        "01_adam_algorithm",
    ),
    (
        "efficient-order",
        "2",
        "the 'efficient order' with alpha_t and eps-hat gives Algorithm 1's iterates",
        "01_adam_algorithm",
    ),
    (
        "sec2.1-bound-sparse",
        "2.1",
        "|Delta_t| <= alpha (1-beta1)/sqrt(1-beta2) when (1-beta1) > sqrt(1-beta2)",
        "02_update_rule",
    ),
    ("sec2.1-bound-otherwise", "2.1", "|Delta_t| <= alpha otherwise", "02_update_rule"),
    (
        "sec2.1-equal-case",
        "2.1",
        "|m-hat_t / sqrt(v-hat_t)| < 1 when (1-beta1) = sqrt(1-beta2)",
        "02_update_rule",
    ),
    (
        "sec2.1-trust-region",
        "2.1",
        "in common scenarios |Delta_t| is about alpha or less",
        "02_update_rule",
    ),
    (
        "sec2.1-snr-annealing",
        "2.1",
        "the SNR m-hat/sqrt(v-hat) shrinks near an optimum: automatic annealing",
        "02_update_rule",
    ),
    (
        "sec2.1-scale-invariance",
        "2.1",
        "rescaling gradients by c > 0 leaves Delta_t unchanged",
        "02_update_rule",
    ),
    # Section 3
    ("sec3-unrolled", "3", "v_t = (1-beta2) sum_i beta2^(t-i) g_i^2", "03_bias_correction"),
    (
        "sec3-expectation",
        "3",
        "E[v_t] = E[g_t^2](1-beta2^t) + zeta, zeta = 0 if stationary",
        "03_bias_correction",
    ),
    (
        "sec3-no-correction-large-steps",
        "3, 6.4",
        "without bias correction, beta2 near 1 gives much larger initial steps; training is unstable",
        "03_bias_correction",
    ),
    # Section 4 and the Appendix
    (
        "thm4.1-regret-bound",
        "4, Thm 4.1",
        "Adam's regret R(T) is bounded by the theorem's right-hand side",
        "04_regret",
    ),
    (
        "cor4.2-average-regret",
        "4, Cor 4.2",
        "R(T)/T = O(1/sqrt(T)), so the average regret goes to 0",
        "04_regret",
    ),
    (
        "lemma10.3",
        "App., Lemma 10.3",
        "sum_t sqrt(g_{t,i}^2 / t) <= 2 G_inf ||g_{1:T,i}||_2",
        "04_regret",
    ),
    (
        "lemma10.4",
        "App., Lemma 10.4",
        "sum_t m-hat_{t,i}^2 / sqrt(t v-hat_{t,i}) <= 2/((1-gamma) sqrt(1-beta2)) ||g_{1:T,i}||_2",
        "04_regret",
    ),
    (
        "sec4-sparse-log-d",
        "4",
        "on sparse features adaptive methods reach O(log d sqrt T) regret, not O(sqrt(d T))",
        "04_regret",
    ),
    # Reddi, Kale & Kumar (2018), Zhang et al. (2022)
    (
        "reddi-thm1",
        "Reddi Thm 1",
        "Adam with beta1 = 0, beta2 = 1/(1+C^2) fails on f_t = Cx / -x on [-1, 1]",
        "09_when_adam_fails",
    ),
    (
        "reddi-thm2",
        "Reddi Thm 2",
        "for every beta1 < sqrt(beta2) an online problem makes Adam fail",
        "09_when_adam_fails",
    ),
    (
        "reddi-thm3",
        "Reddi Thm 3",
        "a stochastic convex problem on which Adam fails",
        "09_when_adam_fails",
    ),
    (
        "amsgrad-regret",
        "Reddi Thm 4",
        "AMSGrad's regret is O(sqrt(T log T)) under beta1/sqrt(beta2) < 1",
        "09_when_adam_fails",
    ),
    (
        "zhang-phase-diagram",
        "Zhang et al. 2022",
        "Adam converges once beta2 is large enough and diverges for small beta2",
        "09_when_adam_fails",
    ),
    # Section 5
    (
        "sec5-adagrad-limit",
        "5",
        "beta1 = 0, beta2 -> 1, alpha_t = alpha/sqrt(t): bias-corrected Adam becomes AdaGrad",
        "05_adagrad_and_rmsprop",
    ),
    (
        "sec5-rmsprop-relation",
        "5",
        "RMSProp with momentum rescales then averages; Adam averages then rescales",
        "05_adagrad_and_rmsprop",
    ),
    # Section 6
    (
        "sec6.1-logreg-mnist",
        "6.1",
        "logistic regression: Adam converges like SGD-Nesterov, both faster than AdaGrad",
        "06_experiments",
    ),
    (
        "sec6.1-logreg-bow",
        "6.1",
        "sparse bag-of-words: AdaGrad beats SGD-Nesterov, Adam is as fast as AdaGrad",
        "06_experiments",
    ),
    (
        "sec6.2-mlp",
        "6.2",
        "MLP with dropout: Adam beats AdaGrad, RMSProp, SGD-Nesterov, AdaDelta",
        "06_experiments",
    ),
    (
        "sec6.3-cnn",
        "6.3",
        "CNN: Adam and AdaGrad fast early, later Adam and SGD beat AdaGrad; eps dominates v-hat",
        "06_experiments",
    ),
    (
        "sec6.4-bias-correction-vae",
        "6.4",
        "VAE: without bias correction training is unstable for beta2 near 1",
        "06_experiments",
    ),
    # Section 7
    (
        "sec7.1-adamax-limit",
        "7.1",
        "u_t = lim_p v_t^(1/p) = max(beta2 u_{t-1}, |g_t|)",
        "07_adamax",
    ),
    ("sec7.1-adamax-no-correction", "7.1", "u_t needs no bias correction", "07_adamax"),
    (
        "sec7.1-adamax-step-bound",
        "7.1",
        "AdaMax's step satisfies |Delta_t| <= alpha",
        "02_update_rule",
    ),
    (
        "sec7.2-averaging-correction",
        "7.2",
        "the corrected EMA theta-bar_t / (1 - beta2^t) has weights summing to 1 (exact for a constant sequence)",
        "08_temporal_averaging",
    ),
]

CATALOG: dict[str, Entry] = {
    claim_id: Entry(section, claim, f"{_NB}{notebook}.ipynb")
    for claim_id, section, claim, notebook in _ROWS
}
"""Claim id -> entry, in the order of PAPER.md."""
