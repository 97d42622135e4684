"""Export timm ResNeXt classifiers to self-describing ONNX files for ResNeXt Explorer.

The package is the library behind ``onnx-export/export.py`` (argument parsing only) and
``onnx-export/make_fixtures.py``. Modules:

* :mod:`resnext_export.cards` - the four card ids and their published figures.
* :mod:`resnext_export.metadata` - the one Python file that owns the ONNX metadata keys.
* :mod:`resnext_export.model` - model creation, random init, checkpoint loading, labels.
* :mod:`resnext_export.counting` - parameter and MAC references.
* :mod:`resnext_export.onnx_io` - ONNX export and the torch vs ONNX Runtime self-check.
* :mod:`resnext_export.exporter` - one export end to end.
"""

__all__ = ["cards", "metadata", "model", "counting", "onnx_io", "exporter"]
