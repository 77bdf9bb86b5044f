import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The raw Argon2id rate of this machine at the service's parameters: hashes per second on 1 and on
 * N threads, through the same library (argon2-jvm, the reference C implementation via JNA).
 * Usage: java -cp <argon2-jvm and jna jars> Argon2Rate.java MEMORY_KIB ITERATIONS PARALLELISM THREADS SECONDS
 */
public class Argon2Rate {

    public static void main(String[] args) throws Exception {
        int memory = Integer.parseInt(args[0]);
        int iterations = Integer.parseInt(args[1]);
        int parallelism = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        double seconds = Double.parseDouble(args[4]);
        Argon2 argon2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id);
        // Warm-up: the native library loads, the CPU settles.
        for (int i = 0; i < 5; i++) {
            argon2.hash(iterations, memory, parallelism, "warm up".toCharArray(), StandardCharsets.UTF_8);
        }
        for (int n = 1; n <= threads; n++) {
            System.out.printf("%d %.1f%n", n, rate(argon2, memory, iterations, parallelism, n, seconds));
        }
    }

    static double rate(Argon2 argon2, int memory, int iterations, int parallelism, int threads, double seconds) throws Exception {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        Thread[] workers = new Thread[threads];
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                while (System.nanoTime() < end) {
                    argon2.hash(iterations, memory, parallelism, "a benchmark password".toCharArray(), StandardCharsets.UTF_8);
                    done.incrementAndGet();
                }
            });
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }
}
