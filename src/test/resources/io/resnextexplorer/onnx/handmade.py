"""Helpers for hand-made test graphs: build, save, run with ONNX Runtime, record real shapes.

A test snippet is appended to this file; it calls finish(...). The actual output shapes from
ONNX Runtime (symbolic dims fed as 1) are written to <out>.shapes.json so the Java shape
inference is checked against a real runtime, not only against hand arithmetic.
"""

import json
import sys

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

OUT = sys.argv[1]


def inp(name, shape, dtype=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, dtype, shape)


def out(name):
    return onnx.ValueInfoProto(name=name)


def const(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def finish(nodes, inputs, outputs, inits=(), opset=17, run=True):
    g = helper.make_graph(nodes, "handmade", inputs, [out(o) for o in outputs], list(inits))
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 8
    onnx.save(m, OUT)
    shapes = {}
    if run:
        sess = ort.InferenceSession(OUT, providers=["CPUExecutionProvider"])
        feeds = {}
        for i in sess.get_inputs():
            shape = [d if isinstance(d, int) else 1 for d in i.shape]
            dt = np.int64 if "int64" in i.type else np.float32
            feeds[i.name] = np.ones(shape, dt)
        for o, v in zip(outputs, sess.run(outputs, feeds)):
            shapes[o] = list(np.asarray(v).shape)
    with open(OUT + ".shapes.json", "w") as f:
        json.dump(shapes, f)
