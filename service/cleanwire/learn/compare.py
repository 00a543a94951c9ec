"""Why LightGBM: the first-pass line model next to a logistic regression on the same features, five folds by
site on the article lines of the training data (`cleanwire train --compare`)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from cleanwire.learn.data import LabelledPage
from cleanwire.learn.train import LINE_PARAMS, LINE_ROUNDS, Part


def compare(parts: dict[str, Part], pages: Sequence[LabelledPage]) -> list[str]:
    import lightgbm as lgb
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score, roc_auc_score
    from sklearn.model_selection import GroupKFold
    from sklearn.preprocessing import StandardScaler

    out = []
    for kind in ("html", "text"):
        rows, labels, page, _, _ = parts[kind].arrays()
        ok = np.asarray([pages[i].trainable and pages[i].page_type == "article" for i in page]) & (labels >= 0)
        if kind == "text":
            ok &= np.arange(len(ok)) % 5 == 0  # a fifth of the lines, for time
        x, y, g = rows[ok], labels[ok], np.asarray([pages[i].site for i in page[ok]])
        p_tree, p_lin = np.zeros(len(y)), np.zeros(len(y))
        for a, b in GroupKFold(n_splits=5).split(x, y, g):
            p_tree[b] = lgb.train(LINE_PARAMS, lgb.Dataset(x[a], y[a]), LINE_ROUNDS).predict(x[b])
            scale = StandardScaler().fit(np.nan_to_num(x[a]))
            model = LogisticRegression(max_iter=300).fit(scale.transform(np.nan_to_num(x[a])), y[a])
            p_lin[b] = model.predict_proba(scale.transform(np.nan_to_num(x[b])))[:, 1]
        for name, p in (("lightgbm", p_tree), ("logistic regression", p_lin)):
            out.append(f"{kind} lines ({len(y)}): {name}: ROC AUC {roc_auc_score(y, p):.3f}, F1 {f1_score(y, p >= 0.5):.3f}")
    return out
