"""Regenerates the .npy fixtures of NpyTest.cpp with real NumPy.

Run from this directory: python3 generate.py
"""
import numpy as np

np.save("float32_2x3.npy", np.array([[-1.5, 0, 0.25], [3.5, 1e-3, 100]], "<f4"))
np.save("float64_3.npy", np.array([0.1, -2.5, 1e300], "<f8"))
np.save("int8_4.npy", np.array([-128, -1, 0, 127], "i1"))
np.save("uint8_4.npy", np.array([0, 1, 200, 255], "u1"))
np.save("int32_2x2.npy", np.array([[-2**31, -1], [0, 2**31 - 1]], "<i4"))
np.save("int64_3.npy", np.array([-2**63, 0, 2**40 + 7], "<i8"))
np.save("bool_5.npy", np.array([True, False, True, True, False]))
np.save("scalar_float32.npy", np.float32(42.5))
np.save("empty_float32_0x3.npy", np.zeros((0, 3), "<f4"))
for major in (2, 3):
    with open(f"float32_v{major}.npy", "wb") as f:
        np.lib.format.write_array(f, np.array([1, 2, 3], "<f4"), (major, 0))
np.save("fortran_float32_2x3.npy", np.asfortranarray(np.ones((2, 3), "<f4")))
np.save("bigendian_float32.npy", np.array([1, 2], ">f4"))
np.save("float16_4.npy", np.array([1, -2.5, 65504, 2**-24], "<f2"))
