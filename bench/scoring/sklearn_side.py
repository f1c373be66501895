"""scikit-learn and LightGBM side of bench/scoring/vs-sklearn.ts.

Reads the exact matrix and folds the TypeScript side used (written by vs-sklearn.ts), fits the
requested models single-threaded on each fold and prints JSON: per model, per fold fit seconds
and ROC-AUC. A model whose library is missing is reported under "skipped" with the reason.

Models:
- rf: RandomForestClassifier(100). sklearn RandomForest does not take NaN in every version:
  numeric NaN -> training median, categorical codes as ordinals with NaN -> its own code.
- hgb: HistGradientBoostingClassifier() with NaN as is and native categorical splits (like ours).
- lgbm: LightGBM, 100 rounds, learning rate 0.1, 31 leaves, min 20 rows per leaf, 255 bins,
  no early stopping, num_threads=1, native categoricals: the same work as our booster's row.
- logreg: the baseline protocol's LogisticRegression(max_iter=5000): median imputation plus a
  missing indicator and StandardScaler for numeric columns, one-hot for categoricals.

Usage: OMP_NUM_THREADS=1 python3 sklearn_side.py META.json
"""
import json
import sys
import time

import numpy as np
from sklearn.metrics import roc_auc_score


def load(meta):
    n, p = meta["n_rows"], meta["n_features"]
    X = np.fromfile(meta["matrix"], dtype=np.float32).reshape(p, n).T.astype(np.float64)
    y = np.fromfile(meta["labels"], dtype=np.float32).astype(np.int64)
    folds = []
    for f in meta["folds"]:
        folds.append((np.fromfile(f["train"], dtype=np.int32), np.fromfile(f["test"], dtype=np.int32)))
    return X, y, np.array(meta["categorical"], dtype=bool), folds


def impute_for_forest(X_train, X_test, categorical):
    X_train = X_train.copy()
    X_test = X_test.copy()
    for j in range(X_train.shape[1]):
        fill = (np.nanmax(X_train[:, j]) + 1) if categorical[j] else np.nanmedian(X_train[:, j])
        if np.isnan(fill):
            fill = 0.0
        X_train[np.isnan(X_train[:, j]), j] = fill
        X_test[np.isnan(X_test[:, j]), j] = fill
    return X_train, X_test


def logreg_pipeline(categorical):
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    numeric = [j for j, c in enumerate(categorical) if not c]
    cats = [j for j, c in enumerate(categorical) if c]
    pre = ColumnTransformer(
        [
            ("num", make_pipeline(SimpleImputer(strategy="median", add_indicator=True), StandardScaler()), numeric),
            (
                "cat",
                make_pipeline(
                    SimpleImputer(strategy="constant", fill_value=-1),
                    OneHotEncoder(handle_unknown="ignore", max_categories=51),
                ),
                cats,
            ),
        ]
    )
    return make_pipeline(pre, LogisticRegression(max_iter=5000))


def make_model(name, categorical):
    if name == "rf":
        from sklearn.ensemble import RandomForestClassifier

        return RandomForestClassifier(n_estimators=100, random_state=42, n_jobs=1)
    if name == "hgb":
        from sklearn.ensemble import HistGradientBoostingClassifier

        return HistGradientBoostingClassifier(random_state=42, categorical_features=categorical)
    if name == "lgbm":
        import lightgbm

        return lightgbm.LGBMClassifier(
            n_estimators=100,
            learning_rate=0.1,
            num_leaves=31,
            min_child_samples=20,
            max_bin=255,
            num_threads=1,
            deterministic=True,
            random_state=42,
            verbose=-1,
        )
    if name == "logreg":
        return logreg_pipeline(categorical)
    raise ValueError(name)


def main():
    meta = json.load(open(sys.argv[1]))
    X, y, categorical, folds = load(meta)
    out = {"sklearn": __import__("sklearn").__version__, "models": {}, "skipped": {}}
    for name in meta["models"]:
        try:
            make_model(name, categorical)
        except ImportError as error:
            out["skipped"][name] = str(error)
            continue
        if name == "lgbm":
            out["lightgbm"] = __import__("lightgbm").__version__
        rows = []
        for tr, te in folds:
            model = make_model(name, categorical)
            if name == "rf":
                Xtr, Xte = impute_for_forest(X[tr], X[te], categorical)
            else:
                Xtr, Xte = X[tr], X[te]
            fit_args = {}
            if name == "lgbm":
                fit_args["categorical_feature"] = [j for j, c in enumerate(categorical) if c]
            t0 = time.perf_counter()
            model.fit(Xtr, y[tr], **fit_args)
            t1 = time.perf_counter()
            p = model.predict_proba(Xte)[:, 1]
            t2 = time.perf_counter()
            rows.append({"fit_s": t1 - t0, "predict_s": t2 - t1, "roc_auc": roc_auc_score(y[te], p)})
        out["models"][name] = rows
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
