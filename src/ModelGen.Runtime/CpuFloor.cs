using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Runtime
{
    /// <summary>The x86 instruction sets an instruction-set floor needs, as the running process reports them.</summary>
    [Flags]
    public enum X86Features
    {
        /// <summary>None of them (also what a CPU that is not x86-64 reports).</summary>
        None = 0,
        /// <summary>AVX2.</summary>
        Avx2 = 1 << 0,
        /// <summary>FMA (fused multiply-add, FMA3).</summary>
        Fma = 1 << 1,
        /// <summary>BMI1.</summary>
        Bmi1 = 1 << 2,
        /// <summary>BMI2.</summary>
        Bmi2 = 1 << 3,
        /// <summary>LZCNT.</summary>
        Lzcnt = 1 << 4,
        /// <summary>AVX-512 Foundation.</summary>
        Avx512F = 1 << 5,
        /// <summary>AVX-512 Byte and Word.</summary>
        Avx512BW = 1 << 6,
        /// <summary>AVX-512 Conflict Detection.</summary>
        Avx512CD = 1 << 7,
        /// <summary>AVX-512 Doubleword and Quadword.</summary>
        Avx512DQ = 1 << 8,
        /// <summary>AVX-512 Vector Length extensions.</summary>
        Avx512VL = 1 << 9,
    }

    /// <summary>
    /// The check a model class built with an instruction-set floor (InstructionSet metadata or the ModelGenInstructionSet
    /// property: "x86-64-v3" or "x86-64-v4") makes when an instance is created. Without it, such a build fails later and
    /// worse: a NativeAOT executable compiled for the floor stops at startup, and code that assumes AVX-512 would throw
    /// PlatformNotSupportedException from inside a kernel. With it, the message names the model, the floor and what is missing.
    /// </summary>
    public static class CpuFloor
    {
        /// <summary>No floor: the code runs on any CPU of its architecture.</summary>
        public const string Portable = "portable";
        /// <summary>AVX2, FMA, BMI1, BMI2, LZCNT (Intel Haswell, AMD Excavator and later).</summary>
        public const string X86V3 = "x86-64-v3";
        /// <summary>x86-64-v3 plus AVX-512 F, BW, CD, DQ and VL (Intel Skylake-SP, AMD Zen 4 and later).</summary>
        public const string X86V4 = "x86-64-v4";

        private const X86Features V3 = X86Features.Avx2 | X86Features.Fma | X86Features.Bmi1 | X86Features.Bmi2 | X86Features.Lzcnt;
        private const X86Features V4 = V3 | X86Features.Avx512F | X86Features.Avx512BW | X86Features.Avx512CD | X86Features.Avx512DQ | X86Features.Avx512VL;

        /// <summary>Throws unless this process may use every instruction set of <paramref name="floor"/>.</summary>
        /// <param name="model">The model class's name, for the message.</param>
        /// <param name="floor"><see cref="Portable"/>, <see cref="X86V3"/> or <see cref="X86V4"/>.</param>
        /// <exception cref="PlatformNotSupportedException">The CPU, or the runtime's configuration (DOTNET_EnableAVX512=0...), lacks part of the floor.</exception>
        /// <exception cref="ArgumentException"><paramref name="floor"/> is not one of the known floors.</exception>
        public static void Require(string model, string floor)
        {
            if (floor == Portable) return;
            string? problem = Check(model, floor, Supported(), RuntimeInformation.ProcessArchitecture);
            if (problem != null) throw new PlatformNotSupportedException(problem);
        }

        /// <summary>
        /// Why a process with <paramref name="supported"/> on <paramref name="architecture"/> cannot run a model built for
        /// <paramref name="floor"/>, or null when it can.
        /// </summary>
        /// <param name="model">The model class's name, for the message.</param>
        /// <param name="floor"><see cref="Portable"/>, <see cref="X86V3"/> or <see cref="X86V4"/>.</param>
        /// <param name="supported">The instruction sets the process may use.</param>
        /// <param name="architecture">The process's architecture.</param>
        /// <returns>The message of the exception <see cref="Require"/> throws, or null.</returns>
        /// <exception cref="ArgumentException"><paramref name="floor"/> is not one of the known floors.</exception>
        public static string? Check(string model, string floor, X86Features supported, Architecture architecture)
        {
            X86Features needed = floor switch
            {
                Portable => X86Features.None,
                X86V3 => V3,
                X86V4 => V4,
                _ => throw new ArgumentException("Unknown instruction-set floor '" + floor + "'; expected \"" + Portable + "\", \"" + X86V3 + "\" or \"" + X86V4 + "\".", nameof(floor)),
            };
            if (needed == X86Features.None) return null;
            string start = "The model " + model + " was built for the instruction-set floor " + floor + " (InstructionSet metadata or the ModelGenInstructionSet property), ";
            const string end = " Rebuild it with InstructionSet \"portable\" to run on any CPU.";
            if (architecture != Architecture.X64)
                return start + "which needs an x86-64 CPU, but this process runs on " + architecture + "." + end;
            X86Features missing = needed & ~supported;
            if (missing == X86Features.None) return null;
            return start + "but this process cannot use " + Names(missing) + " (the CPU lacks them, or the runtime has them switched off, as DOTNET_EnableAVX512=0 or DOTNET_EnableAVX2=0 do)." + end;
        }

        /// <summary>The instruction sets this process may use: what the CPU has and the runtime has not switched off.</summary>
        public static X86Features Supported()
        {
            var f = X86Features.None;
            if (Avx2.IsSupported) f |= X86Features.Avx2;
            if (Fma.IsSupported) f |= X86Features.Fma;
            if (Bmi1.IsSupported) f |= X86Features.Bmi1;
            if (Bmi2.IsSupported) f |= X86Features.Bmi2;
            if (Lzcnt.IsSupported) f |= X86Features.Lzcnt;
            if (Avx512F.IsSupported) f |= X86Features.Avx512F;
            if (Avx512BW.IsSupported) f |= X86Features.Avx512BW;
            if (Avx512CD.IsSupported) f |= X86Features.Avx512CD;
            if (Avx512DQ.IsSupported) f |= X86Features.Avx512DQ;
            if (Avx512F.VL.IsSupported) f |= X86Features.Avx512VL;
            return f;
        }

        // Enum.ToString reads metadata; a table keeps the runtime reflection-free.
        private static readonly (X86Features Feature, string Name)[] s_names =
        {
            (X86Features.Avx2, "AVX2"), (X86Features.Fma, "FMA"), (X86Features.Bmi1, "BMI1"), (X86Features.Bmi2, "BMI2"), (X86Features.Lzcnt, "LZCNT"),
            (X86Features.Avx512F, "AVX512F"), (X86Features.Avx512BW, "AVX512BW"), (X86Features.Avx512CD, "AVX512CD"),
            (X86Features.Avx512DQ, "AVX512DQ"), (X86Features.Avx512VL, "AVX512VL"),
        };

        private static string Names(X86Features missing)
        {
            var names = new List<string>();
            foreach (var (feature, name) in s_names)
                if ((missing & feature) != 0) names.Add(name);
            return string.Join(", ", names);
        }
    }
}
