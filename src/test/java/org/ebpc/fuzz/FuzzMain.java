package org.ebpc.fuzz;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * Runs one fuzz test (CLASS#METHOD) in this JVM, for ./fuzz: with JAZZER_FUZZ=1 it fuzzes until
 * its duration ends or the JVM gets SIGINT (libFuzzer then prints its final figures). Exit 1 if
 * the test failed (a finding: Jazzer saved its input next to the test's corpus).
 */
public final class FuzzMain {

    private FuzzMain() {}

    public static void main(String[] args) {
        if (args.length != 1 || !args[0].contains("#")) {
            System.err.println("usage: FuzzMain CLASS#METHOD");
            System.exit(2);
        }
        String[] target = args[0].split("#", 2);
        java.lang.reflect.Method method;
        try {
            Class<?> c = Class.forName(target[0]);
            method = java.util.Arrays.stream(c.getDeclaredMethods())
                    .filter(m -> m.getName().equals(target[1]))
                    .findFirst()
                    .orElseThrow(() -> new NoSuchMethodException(args[0]));
        } catch (ReflectiveOperationException e) {
            System.err.println("no fuzz test " + args[0]);
            System.exit(2);
            return;
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(method.getDeclaringClass(), method))
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(request, summary);
        summary.getSummary().printTo(new java.io.PrintWriter(System.err, true));
        summary.getSummary().printFailuresTo(new java.io.PrintWriter(System.err, true), 20);
        System.exit(summary.getSummary().getTotalFailureCount() == 0 ? 0 : 1);
    }
}
