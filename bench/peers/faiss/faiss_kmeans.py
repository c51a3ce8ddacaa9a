"""faiss peer for `timing kmeans-sampled`: k-means on the raw float32 matrix that command wrote.

usage: /usr/bin/python3 faiss_kmeans.py FILE.f32 K [NITER=20] [RUNS=1]   (Debian python3-faiss lives in the system Python)
faiss.Kmeans with its defaults (random init, max_points_per_centroid 256, seed 1), 2 OpenMP threads; prints the
training wall time and the inertia over ALL rows (one search after training), comparable with Winnow's figure.
"""
import sys
import time

import faiss
import numpy as np

path, k = sys.argv[1], int(sys.argv[2])
niter = int(sys.argv[3]) if len(sys.argv) > 3 else 20
runs = int(sys.argv[4]) if len(sys.argv) > 4 else 1
faiss.omp_set_num_threads(2)
x = np.fromfile(path, dtype=np.float32).reshape(-1, 256)
print(f"faiss {faiss.__version__}: {x.shape[0]} x {x.shape[1]}, k = {k}, niter = {niter}")
for run in range(runs):
    start = time.perf_counter()
    km = faiss.Kmeans(x.shape[1], k, niter=niter, seed=1)
    km.train(x)
    train = time.perf_counter() - start
    distances, _ = km.index.search(x, 1)
    total = time.perf_counter() - start
    print(f"run {run + 1}: train {train:.2f} s, train + assign all {total:.2f} s, inertia over all rows {float(distances.sum(dtype=np.float64)):.1f}")
