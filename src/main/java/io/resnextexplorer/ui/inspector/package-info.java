/**
 * The model inspector: properties, parameter and MAC figures, a MACs-per-stage chart, the stage
 * table and a sortable, filterable layer table for any ONNX file. {@link
 * io.resnextexplorer.ui.inspector.InspectorViewModel} talks to {@link
 * io.resnextexplorer.service.InspectionService} on an injected executor; {@link
 * io.resnextexplorer.ui.inspector.InspectorView} only binds; {@link
 * io.resnextexplorer.ui.inspector.InspectorWindow} opens the view in its own stage.
 */
package io.resnextexplorer.ui.inspector;
