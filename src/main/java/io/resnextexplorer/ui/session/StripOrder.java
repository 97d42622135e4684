package io.resnextexplorer.ui.session;

import java.util.Comparator;
import java.util.function.Predicate;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;

/**
 * How the strip orders and filters the session's images: view state over the session's list (which
 * itself keeps the order images were added in, the order of exports).
 */
public final class StripOrder {
    /** Below this top-1 probability an image counts as "unsure". */
    public static final double UNSURE_BELOW = 0.5;

    /** Strip order. */
    public enum Order {
        ADDED("Order added"),
        CONFIDENCE_HIGH("Most confident first"),
        CONFIDENCE_LOW("Least confident first"),
        NAME("Name"),
        SIMILAR("Most similar first");

        private final String label;

        Order(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** Which images the strip shows. */
    public enum Filter {
        ALL("All images"),
        ERRORS("Errors only"),
        UNSURE("Top-1 under 50%"),
        CLASSIFIED("Classified only");

        private final String label;

        Filter(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final ObjectProperty<Order> order = new SimpleObjectProperty<>(Order.ADDED);
    private final ObjectProperty<Filter> filter = new SimpleObjectProperty<>(Filter.ALL);
    private final SortedList<SessionImage> shown;

    StripOrder(ObservableList<SessionImage> images) {
        FilteredList<SessionImage> filtered = new FilteredList<>(images);
        filtered.predicateProperty().bind(filter.map(StripOrder::predicate));
        shown = new SortedList<>(filtered);
        // ADDED is the source order, which a null comparator keeps (and costs nothing).
        shown.comparatorProperty().bind(order.map(StripOrder::comparator));
    }

    public ObjectProperty<Order> orderProperty() {
        return order;
    }

    public ObjectProperty<Filter> filterProperty() {
        return filter;
    }

    /** The images as the strip shows them. */
    public ObservableList<SessionImage> shown() {
        return shown;
    }

    static Predicate<SessionImage> predicate(Filter f) {
        return switch (f) {
            case ALL -> img -> true;
            case ERRORS -> img -> img.status() == SessionImage.Status.ERROR;
            case UNSURE ->
                    img ->
                            img.status() == SessionImage.Status.DONE
                                    && img.top1Probability() < UNSURE_BELOW;
            case CLASSIFIED -> img -> img.status() == SessionImage.Status.DONE;
        };
    }

    private static Comparator<SessionImage> comparator(Order o) {
        // Images without a result go last whichever way confidence is sorted.
        Comparator<SessionImage> unknownLast =
                Comparator.comparing(img -> Double.isNaN(img.top1Probability()));
        return switch (o) {
            case ADDED -> null;
            case CONFIDENCE_HIGH ->
                    unknownLast.thenComparing(
                            Comparator.comparingDouble(SessionImage::top1Probability).reversed());
            case CONFIDENCE_LOW -> unknownLast.thenComparingDouble(SessionImage::top1Probability);
            case NAME -> Comparator.comparing(SessionImage::name, String.CASE_INSENSITIVE_ORDER);
            // Set by "Find similar"; images without a similarity (added later) go last.
            case SIMILAR ->
                    Comparator.<SessionImage, Boolean>comparing(
                                    img -> Double.isNaN(img.similarityScore()))
                            .thenComparing(
                                    Comparator.comparingDouble(SessionImage::similarityScore)
                                            .reversed());
        };
    }
}
