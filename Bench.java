import java.util.*;
public class Bench {
  public static void main(String[] a) throws Exception {
    String[] P = {"hosts","mode","=",",",",","*.","example","com","\n","ö","ipv4-only","c".repeat(300),"a".repeat(63)};
    Random r = new Random(1);
    long t0=System.nanoTime(); int n=0;
    for (int i=0;i<40000;i++){ StringBuilder b=new StringBuilder(); int k=r.nextInt(25); for(int j=0;j<k;j++) b.append(P[r.nextInt(P.length)]);
      try { dev.dnspatch.config.Config.parse(b.toString(), Map.of(), Map.of()); } catch (dev.dnspatch.config.ConfigException e) { n++; } }
    System.out.println((System.nanoTime()-t0)/1e6+" ms, errors "+n);
  }
}
