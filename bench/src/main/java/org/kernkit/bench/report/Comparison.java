package org.kernkit.bench.report;

/**
 * One bar of a chart: our result against one peer's result for the same case, measured in the same run (the same
 * results file).
 *
 * @param chart the chart it belongs on, from the peers file
 * @param ours our result
 * @param peer the peer's result
 * @param ratio our score over the peer's, with its interval
 */
record Comparison(String chart, JmhResult ours, JmhResult peer, Ratio ratio) {

    /** The row label: {@code ours vs peer [params]}, e.g. {@code randomGetFlexHeap vs randomGetLongArray [size=65536]}. */
    String label() {
        String peerName = peer.className().equals(ours.className()) ? peer.method()
                : peer.className().substring(peer.className().lastIndexOf('.') + 1) + "." + peer.method();
        String params = ours.paramsText();
        return ours.method() + " vs " + peerName + (params.isEmpty() ? "" : " [" + params + "]");
    }

    /**
     * What a ratio above one means for this comparison's mode: in throughput mode ours does more per unit of time,
     * in every other mode (average time, sample time, single shot) ours takes longer.
     */
    boolean higherIsBetter() {
        return ours.mode().equals("thrpt");
    }
}
