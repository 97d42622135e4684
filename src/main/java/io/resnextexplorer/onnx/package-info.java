/**
 * Reading the ONNX graph itself, without ONNX Runtime: model properties, inputs and outputs,
 * parameters, MACs, stages and a per-node layer table.
 *
 * <p>Entry points: {@link io.resnextexplorer.onnx.OnnxGraphReader#read(java.nio.file.Path)} gives
 * an {@link io.resnextexplorer.onnx.OnnxModel} (structure only, weights skipped); {@link
 * io.resnextexplorer.onnx.ModelInspector#inspect(io.resnextexplorer.onnx.OnnxModel)} gives an
 * {@link io.resnextexplorer.model.graph.InspectionReport}; {@link
 * io.resnextexplorer.service.InspectionTextFormatter} renders it for the CLI and {@link
 * io.resnextexplorer.model.graph.InspectionReport#toMap()} is the JSON-ready form.
 *
 * <p>No JavaFX and no ONNX Runtime in this package.
 */
package io.resnextexplorer.onnx;
