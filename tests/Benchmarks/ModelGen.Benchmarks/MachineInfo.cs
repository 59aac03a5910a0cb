using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Benchmarks
{
    /// <summary>What the report says about the machine: the CPU differs between machines of one kind, and the load varies.</summary>
    internal static class MachineInfo
    {
        /// <summary>The "model name" of /proc/cpuinfo, else the architecture.</summary>
        public static string CpuModel()
        {
            try
            {
                var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
                if (line != null && line.Contains(':', StringComparison.Ordinal)) return line.Substring(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // Not Linux, or not readable: the architecture is all there is to say.
            }
            return RuntimeInformation.ProcessArchitecture + " (no /proc/cpuinfo)";
        }

        public static string InstructionSets() =>
            "Vector512 accelerated " + YesNo(Vector512.IsHardwareAccelerated) + ", Vector256 accelerated " + YesNo(Vector256.IsHardwareAccelerated) +
            "; AVX-512F " + YesNo(Avx512F.IsSupported) + ", AVX2 " + YesNo(Avx2.IsSupported) + ", FMA " + YesNo(Fma.IsSupported);

        /// <summary>The 1, 5 and 15 minute load averages of /proc/loadavg, or "unknown".</summary>
        public static string LoadAverage()
        {
            try
            {
                return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return "unknown";
            }
        }

        public static string Runtime() => RuntimeInformation.FrameworkDescription + ", " + RuntimeInformation.OSDescription + " " + RuntimeInformation.ProcessArchitecture;

        private static string YesNo(bool value) => value ? "yes" : "no";
    }
}
