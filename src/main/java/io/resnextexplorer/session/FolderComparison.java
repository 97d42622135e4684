package io.resnextexplorer.session;

import io.resnextexplorer.model.FolderAgreement;
import io.resnextexplorer.service.CompareService;
import io.resnextexplorer.service.LoadedModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * 2..4 models over many images, run by a {@link BatchRunner} without caching: rows fill in as each
 * image's results arrive. Memory: one table row and one slim result (top-5, no logits or feature
 * maps) per image x model, a few hundred bytes each, since the table and its export need them.
 */
public final class FolderComparison {
    /** Told on the worker thread. */
    public interface Listener {
        /**
         * @param index the row's place
         * @param done images done
         * @param total images in all
         */
        default void onRow(int index, FolderAgreement.Row row, int done, int total) {}

        default void onFinished(FolderComparison comparison) {}
    }

    private final CompareService.FolderTable table;
    private final List<ImageResult> results = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<FolderAgreement> finished = new CompletableFuture<>();
    private final int models;
    private final int images;
    private volatile BatchRunner.Batch batch;

    private FolderComparison(CompareService service, List<LoadedModel> models, int images) {
        this.table = service.folder(models.stream().map(LoadedModel::info).toList());
        this.models = models.size();
        this.images = images;
    }

    /** Starts at once on the runner's executor (superseding its batch before). */
    public static FolderComparison start(
            SessionCore core,
            BatchRunner runner,
            List<ImageSource> images,
            List<LoadedModel> models,
            Listener listener) {
        if (models.size() < 2 || models.size() > CompareService.MAX_MODELS) {
            throw new IllegalArgumentException(
                    "compare takes 2 to " + CompareService.MAX_MODELS + " models");
        }
        FolderComparison c = new FolderComparison(core.compareService(), models, images.size());
        ImageResult[] pending = new ImageResult[models.size()];
        c.batch =
                runner.run(
                        images,
                        models,
                        SessionCore.DEFAULT_TOP_K,
                        false,
                        new BatchRunner.Listener() {
                            @Override
                            public void onResult(int index, ImageResult r, int done) {
                                int m = index % c.models;
                                pending[m] = r.slim();
                                if (m < c.models - 1) {
                                    return;
                                }
                                List<FolderAgreement.Cell> cells = new ArrayList<>();
                                for (ImageResult p : pending) {
                                    cells.add(
                                            core.compareService()
                                                    .cell(p.classification(), p.error()));
                                    c.results.add(p);
                                }
                                ImageResult first = pending[0];
                                FolderAgreement.Row row =
                                        c.table.add(
                                                first.image().id(), first.image().name(), cells);
                                listener.onRow(index / c.models, row, done / c.models, c.images);
                            }

                            @Override
                            public void onFinished(BatchRunner.Batch b) {
                                c.finished.complete(c.table.snapshot());
                                listener.onFinished(c);
                            }
                        });
        return c;
    }

    /** The table so far. */
    public FolderAgreement snapshot() {
        return table.snapshot();
    }

    /** Every result so far, slim, image by image then model by model (for the writer). */
    public List<ImageResult> results() {
        synchronized (results) {
            return List.copyOf(results);
        }
    }

    public void cancel() {
        BatchRunner.Batch b = batch;
        if (b != null) {
            b.cancel();
        }
    }

    /** Completes with the table when the run ends, done or cancelled. */
    public CompletableFuture<FolderAgreement> finished() {
        return finished;
    }
}
