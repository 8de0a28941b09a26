package org.kernkit.bench.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Pairs the results of each results file by the rules of a {@link PeerMap}: every result a rule calls ours meets
 * every result of each of its peers that is in the same file, in the same mode, and agrees on every parameter both
 * have ({@link JmhResult#sameCaseAs}). Only results from one file are paired, because a peer is measured in the same
 * run as ours or not at all.
 *
 * <p>What cannot be paired is not dropped silently: it is returned in {@link Outcome#notes()} for the caller to show.
 * Stateless.
 */
final class Pairing {

    private Pairing() {
    }

    /**
     * The comparisons, in the order of the rules and then of the results, and the notes on what was left out.
     *
     * @param comparisons the pairs made
     * @param notes one line for each of our results whose peer has no result to pair with
     */
    record Outcome(List<Comparison> comparisons, List<String> notes) {

        Outcome {
            comparisons = List.copyOf(comparisons);
            notes = List.copyOf(notes);
        }
    }

    /**
     * Pairs {@code runs}, each the entries of one results file, by {@code peers}.
     *
     * @throws ReportException if a pair cannot be divided: the units differ, or a score is not positive and finite
     */
    static Outcome pair(PeerMap peers, List<List<JmhResult>> runs) throws ReportException {
        List<Comparison> comparisons = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (PeerMap.Rule rule : peers.rules()) {
            for (List<JmhResult> run : runs) {
                for (JmhResult ours : run) {
                    if (!rule.isOurs(ours)) {
                        continue;
                    }
                    for (String peer : rule.peers()) {
                        int before = comparisons.size();
                        for (JmhResult candidate : run) {
                            if (PeerMap.Rule.isPeer(candidate, peer, ours) && candidate.mode().equals(ours.mode())
                                    && ours.sameCaseAs(candidate)) {
                                comparisons.add(compare(rule.chart(), ours, candidate));
                            }
                        }
                        if (comparisons.size() == before) {
                            notes.add(ours.source() + ": " + ours.benchmark() + " (" + ours.mode()
                                    + (ours.params().isEmpty() ? "" : ", " + ours.paramsText())
                                    + "): no result of its peer " + peer + " in the same file and mode; left out");
                        }
                    }
                }
            }
        }
        return new Outcome(comparisons, notes);
    }

    private static Comparison compare(String chart, JmhResult ours, JmhResult peer) throws ReportException {
        String where = ours.source() + ": compare " + ours.benchmark() + " with " + peer.benchmark();
        if (!ours.unit().equals(peer.unit())) {
            throw new ReportException(where + ": units differ (" + ours.unit() + " and " + peer.unit()
                    + "); give both the same @OutputTimeUnit");
        }
        try {
            return new Comparison(chart, ours, peer,
                    Ratio.of(ours.score(), ours.scoreError(), peer.score(), peer.scoreError()));
        } catch (IllegalArgumentException e) {
            throw new ReportException(where + ": " + e.getMessage());
        }
    }
}
