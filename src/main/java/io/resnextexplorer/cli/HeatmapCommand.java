package io.resnextexplorer.cli;

import io.resnextexplorer.model.ActivationMap;
import io.resnextexplorer.model.Colormap;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.HeatmapMethod;
import io.resnextexplorer.model.RgbImage;
import io.resnextexplorer.service.HeatmapException;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.session.DecodedPicture;
import io.resnextexplorer.session.HeatmapView;
import io.resnextexplorer.session.ImageFailedException;
import io.resnextexplorer.session.ImageResult;
import io.resnextexplorer.session.ImageSource;
import io.resnextexplorer.session.ResultsWriter;
import io.resnextexplorer.session.SessionCore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code heatmap --model M.onnx [--class K | --label NAME] [--method cam|eigencam|stage:layer3]
 * [--colormap turbo] [--alpha 0.5] [--side-by-side] --out overlay.png [--raw map.npy|map.csv]
 * [--json] IMAGE...}
 */
@Command(
        name = "heatmap",
        mixinStandardHelpOptions = true,
        description = {
            "Draw a class activation map (or Eigen-CAM, or a stage's mean activation) over each"
                    + " image, from the same single run that classifies it.",
            "With several images, --out and --raw get the image's name added:"
                    + " overlay.png -> overlay-cat.png."
        })
final class HeatmapCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "ONNX model file")
    Path model;

    @ArgGroup(exclusive = true)
    ClassChoice choice;

    static final class ClassChoice {
        @Option(names = "--class", description = "class index (default: each image's top-1)")
        Integer index;

        @Option(names = "--label", description = "class name (or a unique part of it)")
        String label;
    }

    @Option(
            names = "--method",
            defaultValue = "cam",
            description = "cam, eigencam, or stage:NAME (stem, layer1..layer4); default cam")
    String method;

    @Option(
            names = "--colormap",
            defaultValue = "turbo",
            description = "turbo, viridis, inferno or grayscale (default ${DEFAULT-VALUE})")
    String colormap;

    @Option(
            names = "--alpha",
            defaultValue = "0.5",
            description = "opacity of the colours over the image, 0..1 (default ${DEFAULT-VALUE})")
    double alpha;

    @Option(names = "--side-by-side", description = "image and map next to each other")
    boolean sideBySide;

    @Option(names = "--out", required = true, description = "overlay PNG to write")
    Path out;

    @Option(
            names = "--raw",
            description = "also write the map at its own resolution: .npy (float32) or .csv")
    Path raw;

    @Option(
            names = "--provider",
            defaultValue = "cpu",
            converter = ClassifyCommand.ProviderConverter.class,
            description = "cpu or cuda (falls back to the CPU when CUDA cannot be used)")
    ExecutionProvider provider;

    @Option(names = "--json", description = "print JSON: classify's records, each with a heatmap")
    boolean json;

    @CommandLine.Mixin ImageArguments imageArguments;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HeatmapMethod m;
        Colormap cm;
        try {
            m = HeatmapMethod.parse(method);
            cm = Colormap.parse(colormap);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return Cli.UNUSABLE;
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            err.println("error: --alpha must be between 0 and 1");
            return Cli.UNUSABLE;
        }
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            err.println("error: --out must name a .png file");
            return Cli.UNUSABLE;
        }
        if (raw != null) {
            String r = raw.getFileName().toString().toLowerCase(Locale.ROOT);
            if (!r.endsWith(".npy") && !r.endsWith(".csv")) {
                err.println("error: --raw must name a .npy or .csv file");
                return Cli.UNUSABLE;
            }
        }
        List<Path> images = imageArguments.resolveOrSay(spec, err);
        if (images == null) {
            return Cli.UNUSABLE;
        }
        try (SessionCore core = SessionCore.streaming()) {
            LoadedModel loaded = Cli.load(core, model, provider, err);
            if (loaded == null) {
                return Cli.UNUSABLE;
            }
            if (!loaded.heatmap().available()) {
                err.println(
                        "error: no heatmap for "
                                + model.getFileName()
                                + ": "
                                + loaded.heatmap().reason());
                return Cli.UNUSABLE;
            }
            int cls = -1;
            try {
                if (choice != null && choice.index != null) {
                    cls = core.heatmaps().classIndex(loaded.info(), choice.index.toString());
                } else if (choice != null && choice.label != null) {
                    cls = core.heatmaps().classIndex(loaded.info(), choice.label);
                }
            } catch (HeatmapException e) {
                err.println("error: " + e.getMessage());
                return Cli.UNUSABLE;
            }
            boolean untrained = loaded.info().weights().untrained();
            if (!json) {
                stdout.println(
                        "Model:    " + loaded.info().id() + " on " + loaded.provider().used());
                stdout.println("Weights:  " + loaded.info().weights().summary());
                stdout.println("Method:   " + m.title());
                if (untrained) {
                    stdout.println(
                            "Note:     untrained weights: the maps show untrained features, not"
                                    + " learned evidence");
                }
            }
            List<HeatmapView> views = new ArrayList<>();
            List<Map<String, Path>> written = new ArrayList<>();
            int failed = 0;
            for (Path image : images) {
                Map<String, Path> files = new LinkedHashMap<>();
                HeatmapView v = one(core, loaded, image, m, cls, cm, images.size() > 1, files, err);
                views.add(v);
                written.add(files);
                failed += v.ok() && files.containsKey("overlay") ? 0 : 1;
                if (!json) {
                    printText(stdout, image, v, files);
                }
            }
            if (json) {
                stdout.print(ResultsWriter.heatmapJson(views, written));
            }
            stdout.flush();
            if (failed > 0 && !json) {
                err.println(failed + " of " + images.size() + " images have no heatmap");
            }
            return failed > 0 ? Cli.SOME_FAILED : Cli.OK;
        }
    }

    private HeatmapView one(
            SessionCore core,
            LoadedModel loaded,
            Path image,
            HeatmapMethod m,
            int cls,
            Colormap cm,
            boolean several,
            Map<String, Path> files,
            PrintWriter err) {
        ImageSource source = ImageSource.file(image);
        DecodedPicture picture;
        try {
            picture = core.decode(source);
        } catch (ImageFailedException e) {
            ImageResult failed =
                    ImageResult.failed(source, loaded.info(), loaded.provider(), e.getMessage());
            return new HeatmapView(failed, null, null, e.getMessage());
        }
        ImageResult r = core.classify(picture, loaded, SessionCore.DEFAULT_TOP_K, false);
        RgbImage rgb = picture.image();
        HeatmapView v =
                core.withCrop(core.heatmap(r, loaded, m, cls), loaded, rgb.width(), rgb.height());
        if (!v.ok()) {
            return v;
        }
        ActivationMap map = v.map();
        try {
            Path png = several ? withImageName(out, image) : out;
            core.heatmaps()
                    .writePng(
                            png,
                            core.render(rgb, loaded, map, cm, alpha, sideBySide),
                            v.untrained());
            files.put("overlay", png.toAbsolutePath());
            if (raw != null) {
                Path r2 = several ? withImageName(raw, image) : raw;
                core.heatmaps().writeRaw(r2, map);
                files.put("raw", r2.toAbsolutePath());
            }
        } catch (IOException e) {
            err.println("error: " + image + ": could not write: " + e.getMessage());
            files.clear();
        }
        return v;
    }

    /** overlay.png + cat.jpg -> overlay-cat.png, next to overlay.png. */
    static Path withImageName(Path file, Path image) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = image.getFileName().toString();
        int idot = stem.lastIndexOf('.');
        stem = idot > 0 ? stem.substring(0, idot) : stem;
        return file.resolveSibling(name.substring(0, dot) + "-" + stem + name.substring(dot));
    }

    private void printText(PrintWriter o, Path image, HeatmapView v, Map<String, Path> files) {
        o.println();
        o.println(image);
        if (!v.ok()) {
            o.println("  error: " + v.error());
            return;
        }
        ActivationMap m = v.map();
        if (m.classIndex() >= 0) {
            o.printf(Locale.ROOT, "  class %d: %s%n", m.classIndex(), m.label());
        }
        o.printf(
                Locale.ROOT,
                "  map %dx%d, values %.4g..%.4g%n",
                m.width(),
                m.height(),
                m.min(),
                m.max());
        if (!Double.isNaN(m.preReluMean())) {
            o.printf(
                    Locale.ROOT,
                    "  check: mean of the map before ReLU %.5f = logit - bias %.5f%n",
                    m.preReluMean(),
                    m.expectedMean());
        }
        if (m.note() != null) {
            o.println("  " + m.note());
        }
        if (v.untrained()) {
            o.println("  (untrained weights: this map is not learned evidence)");
        }
        files.forEach((k, p) -> o.println("  " + k + ": " + p));
    }
}
