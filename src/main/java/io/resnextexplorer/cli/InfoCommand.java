package io.resnextexplorer.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.resnextexplorer.model.CardFigures;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.model.PreprocessSpec;
import io.resnextexplorer.model.ProviderStatus;
import io.resnextexplorer.model.graph.InspectionReport;
import io.resnextexplorer.service.InspectionService;
import io.resnextexplorer.service.InspectionTextFormatter;
import io.resnextexplorer.service.ModelDescription;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code info --model M.onnx [--json] [--layers]}: what the file says about itself (weights,
 * preprocessing, card) and what its graph says (parameters, MACs per stage and layer). Works on any
 * ONNX file; one that is not an image classifier is still inspected, with the reason it cannot
 * classify.
 */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description =
                "Show a model's metadata and graph figures: weights origin, preprocessing,"
                        + " parameters, MACs per stage.")
final class InfoCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "ONNX model file")
    Path model;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = "--layers", description = "also list every counted layer")
    boolean layers;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        InspectionReport report;
        try {
            report = new InspectionService().inspect(model);
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return Cli.UNUSABLE;
        }
        // Read from the graph and its metadata only: no native session is opened, so a file
        // that would crash ONNX Runtime cannot take the process with it (issue 12).
        ModelDescription described;
        try {
            described = new InspectionService().describe(model);
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return Cli.UNUSABLE;
        }
        ModelInfo loaded = described.info();
        String notClassifier = described.notClassifier();
        if (json) {
            out.println(Json.write(toJson(loaded, notClassifier, report)));
        } else {
            if (loaded != null) {
                printClassifier(loaded, report, out);
            } else {
                out.println("Classifier:     no (" + notClassifier + ")");
            }
            out.println();
            out.print(InspectionTextFormatter.format(report, layers));
        }
        out.flush();
        return Cli.OK;
    }

    /**
     * No session is opened, so there is no provider to report: which one runs is a property of a
     * run (classify prints it, with any CUDA fallback), not of the file.
     */
    private static final ProviderStatus NO_SESSION =
            new ProviderStatus(ExecutionProvider.CPU, ExecutionProvider.CPU, "");

    private static void printClassifier(ModelInfo info, InspectionReport report, PrintWriter out) {
        PreprocessSpec p = info.preprocess();
        String dflt = " (default: not in the file)";
        out.println("Model:          " + info.id());
        out.println(
                "timm:           " + (info.timmName() == null ? "unknown" : info.timmFullName()));
        out.println("Weights:        " + info.weights().summary());
        if (!info.weights().detail().isEmpty()) {
            out.println("                " + info.weights().detail());
        }
        if (info.quantization() != null) {
            out.println("Quantization:   " + info.quantization().summary());
        }
        out.println(
                "Classes:        "
                        + info.numClasses()
                        + (info.defaulted().contains("labels") ? " (labels" + dflt + ")" : ""));
        out.println(
                "Input size:     "
                        + p.inputHeight()
                        + "x"
                        + p.inputWidth()
                        + (p.defaulted().contains("input_size") ? dflt : ""));
        out.println(
                "Interpolation:  "
                        + p.interpolation().timmName()
                        + (p.defaulted().contains("interpolation") ? dflt : ""));
        out.println(
                "Crop pct:       "
                        + p.cropPct()
                        + " ("
                        + p.cropMode()
                        + ")"
                        + (p.defaulted().contains("crop_pct") ? dflt : ""));
        out.println("Mean:           " + p.mean() + (p.defaulted().contains("mean") ? dflt : ""));
        out.println("Std:            " + p.std() + (p.defaulted().contains("std") ? dflt : ""));
        out.println(
                "Outputs:        logits="
                        + info.logitsOutput()
                        + ", features="
                        + (info.featuresOutput() == null
                                ? "none (no heatmaps)"
                                : info.featuresOutput()));
        CardFigures card = info.card();
        if (card != null) {
            out.println("Card:           " + cardLine(card));
            if (card.flops() != null) {
                out.printf(
                        Locale.ROOT,
                        "FLOPs:          card %s (as published); measured %s MACs = %s FLOPs (2 x"
                                + " MACs) from the graph%n",
                        Text.si(card.flops()),
                        Text.si(report.totalMacs()),
                        Text.si(report.totalFlops()));
            }
        }
        String notes = Text.notes(info, NO_SESSION);
        if (!notes.isEmpty()) {
            out.println("Note:           " + notes);
        }
    }

    private static String cardLine(CardFigures c) {
        StringBuilder s = new StringBuilder();
        if (c.params() != null) {
            s.append("params ").append(Text.grouped(c.params())).append(", ");
        }
        if (c.fileSize() != null) {
            s.append("file ").append(Text.grouped(c.fileSize())).append(" bytes, ");
        }
        if (c.top1() != null) {
            s.append(String.format(Locale.ROOT, "top-1 %.2f%%, ", c.top1()));
        }
        if (c.top5() != null) {
            s.append(String.format(Locale.ROOT, "top-5 %.2f%%, ", c.top5()));
        }
        s.append("source: ").append(c.source());
        return s.toString();
    }

    private static ObjectNode toJson(
            ModelInfo info, String notClassifier, InspectionReport report) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        if (info == null) {
            root.putNull("model");
            root.put("classifier_error", notClassifier);
        } else {
            ObjectNode m = Json.model(info, NO_SESSION);
            m.remove(List.of("provider", "provider_requested")); // no session: see NO_SESSION
            root.set("model", m);
            m.put("file_size", info.fileSize());
            m.put("num_classes", info.numClasses());
            m.put("input", info.inputName());
            m.put("logits_output", info.logitsOutput());
            m.put("features_output", info.featuresOutput());
            if (info.opset() != null) {
                m.put("opset", info.opset());
            }
            PreprocessSpec p = info.preprocess();
            ObjectNode pre = root.putObject("preprocess");
            ArrayNode size = pre.putArray("input_size");
            size.add(3).add(p.inputHeight()).add(p.inputWidth());
            pre.put("interpolation", p.interpolation().timmName());
            pre.put("crop_pct", p.cropPct());
            pre.put("crop_mode", p.cropMode());
            ArrayNode mean = pre.putArray("mean");
            p.mean().forEach(mean::add);
            ArrayNode std = pre.putArray("std");
            p.std().forEach(std::add);
            ArrayNode defaulted = root.putArray("defaulted");
            info.defaulted().forEach(defaulted::add);
            if (info.sourceParams() != null) {
                root.put("source_params", info.sourceParams());
            }
            if (info.sourceMacs() != null) {
                root.put("source_macs", info.sourceMacs());
            }
            CardFigures c = info.card();
            if (c != null) {
                root.set("card", Json.MAPPER.valueToTree(c));
            }
        }
        root.set("graph", Json.MAPPER.valueToTree(report.toMap()));
        return root;
    }
}
