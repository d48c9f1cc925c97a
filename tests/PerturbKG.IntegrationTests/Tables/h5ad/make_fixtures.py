#!/usr/bin/env python3
"""Writes the two small .h5ad fixtures H5adTests reads (synthetic values; run from this folder).

- anndata-0.8.0.h5ad: written by the real anndata package (Debian bookworm's python3-anndata 0.8.0), CSR X,
  a dense layer, obs with categorical, boolean, integer, float and string columns.
- anndata-0.7-layout.h5ad: the layout anndata 0.7 wrote, made with h5py: dataframes of encoding-version 0.1.0
  whose categorical columns are integer codes with an HDF5 object reference to __categories/NAME.

X[i, j] = (i + 1) * 10 + j where (i + j) % 3 != 0, else 0; the layer 'delta' is -X.
"""
import h5py
import numpy as np
import pandas as pd
import scipy.sparse as sp

n_obs, n_var = 5, 7
x = np.array([[(i + 1) * 10 + j if (i + j) % 3 else 0 for j in range(n_var)] for i in range(n_obs)], dtype=np.float32)
obs = pd.DataFrame(
    {
        "condition": pd.Categorical(["DMSO", "vorinostat", "vorinostat", "DMSO", "DB00945"]),
        "cell_type": pd.Categorical(["A549", "A549", "MCF7", "MCF7", "MCF7"]),
        "control": np.array([True, False, False, True, False]),
        "dose_val": np.array([0.0, 10.0, 1.0, 0.0, 10.0]),
        "pert_time": np.array([24, 24, 6, 24, 6], dtype=np.int64),
        "SMILES": ["", "ONC(=O)CCCCCCC(=O)Nc1ccccc1", "ONC(=O)CCCCCCC(=O)Nc1ccccc1", "", "CC(=O)Oc1ccccc1C(=O)O"],
    },
    index=[f"cell{i}" for i in range(n_obs)],
)
var = pd.DataFrame({"gene_symbol": [f"G{j}" for j in range(n_var)]}, index=[str(1000 + j) for j in range(n_var)])

import anndata

adata = anndata.AnnData(X=sp.csr_matrix(x), obs=obs, var=var, layers={"delta": -x})
adata.write_h5ad("anndata-0.8.0.h5ad")

with h5py.File("anndata-0.7-layout.h5ad", "w") as f:
    text = h5py.special_dtype(vlen=str)

    def frame(name, frame, categorical):
        g = f.create_group(name)
        g.attrs["encoding-type"] = "dataframe"
        g.attrs["encoding-version"] = "0.1.0"
        g.attrs["_index"] = "_index"
        g.attrs["column-order"] = np.array(list(frame.columns), dtype=object).astype(text) if len(frame.columns) else np.array([], dtype=float)
        g.create_dataset("_index", data=np.array(frame.index, dtype=object), dtype=text)
        categories = g.create_group("__categories") if categorical else None
        for column in frame.columns:
            values = frame[column]
            if column in categorical:
                cats = categories.create_dataset(column, data=np.array(values.cat.categories, dtype=object), dtype=text)
                codes = g.create_dataset(column, data=values.cat.codes.to_numpy().astype(np.int8))
                codes.attrs["categories"] = cats.ref
            elif values.dtype == object:
                g.create_dataset(column, data=np.array(values, dtype=object), dtype=text)
            else:
                g.create_dataset(column, data=values.to_numpy())

    frame("obs", obs, ["condition", "cell_type"])
    frame("var", var, [])
    csr = sp.csr_matrix(x)
    g = f.create_group("X")
    g.attrs["encoding-type"] = "csr_matrix"
    g.attrs["encoding-version"] = "0.1.0"
    g.attrs["shape"] = np.array(x.shape, dtype=np.int64)
    g.create_dataset("data", data=csr.data)
    g.create_dataset("indices", data=csr.indices)
    g.create_dataset("indptr", data=csr.indptr)
