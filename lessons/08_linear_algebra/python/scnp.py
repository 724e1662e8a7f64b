#!/usr/bin/env python3
"""The course's linear algebra practice (scnp.py), as the notes have it. It already runs
under Python 3. seed_inverse.cpp re-creates it; the test 08_linear_algebra.scnp_python
checks that this program still prints what the notes show (seed_output.txt)."""
import numpy as np
from scipy import linalg
A= np.array([[1,3,5],[2,5,1],[2,3,8]])

print(A)

print(linalg.inv(A))

print(A.dot(linalg.inv(A)))
