"""scikit-learn side of bench/scoring/vs-sklearn.ts.

Reads the exact matrix and folds the TypeScript side used (written by vs-sklearn.ts), fits
RandomForestClassifier(100) and HistGradientBoostingClassifier single-threaded on each fold and
prints JSON: per model, per fold fit seconds and ROC-AUC.

Encoding (sklearn 1.2 trees do not take NaN in RandomForest): numeric NaN -> training median,
categorical codes used as ordinals with NaN -> its own code; HistGB gets NaN as is and the
categorical columns through `categorical_features` (native categorical splits, like ours).

Usage: OMP_NUM_THREADS=1 python3 sklearn_side.py META.json
"""
import json
import sys
import time

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
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


def main():
    meta = json.load(open(sys.argv[1]))
    X, y, categorical, folds = load(meta)
    out = {"sklearn": __import__("sklearn").__version__, "models": {}}
    for name in meta["models"]:
        rows = []
        for tr, te in folds:
            if name == "rf":
                Xtr, Xte = impute_for_forest(X[tr], X[te], categorical)
                model = RandomForestClassifier(n_estimators=100, random_state=42, n_jobs=1)
            else:
                Xtr, Xte = X[tr], X[te]
                model = HistGradientBoostingClassifier(random_state=42, categorical_features=categorical)
            t0 = time.perf_counter()
            model.fit(Xtr, y[tr])
            t1 = time.perf_counter()
            p = model.predict_proba(Xte)[:, 1]
            t2 = time.perf_counter()
            rows.append({"fit_s": t1 - t0, "predict_s": t2 - t1, "roc_auc": roc_auc_score(y[te], p)})
        out["models"][name] = rows
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
