using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using ModelGen.Runtime;
using Xunit;

namespace ModelGen.Tests.Runtime
{
    /// <summary>
    /// CpuFloor, the check a class built with an instruction-set floor makes: which instruction sets each floor needs and
    /// what the message says, with the supported set given (so every case runs on any CPU), and that Supported() agrees
    /// with the runtime's own IsSupported flags (which the CI's DOTNET_EnableAVX512=0 and DOTNET_EnableAVX2=0 runs change).
    /// </summary>
    public sealed class CpuFloorTests
    {
        private const X86Features V3 = X86Features.Avx2 | X86Features.Fma | X86Features.Bmi1 | X86Features.Bmi2 | X86Features.Lzcnt;
        private const X86Features Avx512 = X86Features.Avx512F | X86Features.Avx512BW | X86Features.Avx512CD | X86Features.Avx512DQ | X86Features.Avx512VL;

        [Theory]
        [InlineData(CpuFloor.Portable, X86Features.None)]
        [InlineData(CpuFloor.X86V3, V3)]
        [InlineData(CpuFloor.X86V3, V3 | Avx512)]
        [InlineData(CpuFloor.X86V4, V3 | Avx512)]
        public void A_process_with_the_whole_floor_passes(string floor, X86Features supported)
        {
            Assert.Null(CpuFloor.Check("Mnist", floor, supported, Architecture.X64));
        }

        [Fact]
        public void A_v4_model_on_an_AVX2_only_CPU_names_the_model_the_floor_and_every_missing_set()
        {
            string? message = CpuFloor.Check("Mnist", CpuFloor.X86V4, V3, Architecture.X64);
            Assert.Equal("The model Mnist was built for the instruction-set floor x86-64-v4 (InstructionSet metadata or the ModelGenInstructionSet property), " +
                "but this process cannot use AVX512F, AVX512BW, AVX512CD, AVX512DQ, AVX512VL (the CPU lacks them, or the runtime has them switched off, " +
                "as DOTNET_EnableAVX512=0 or DOTNET_EnableAVX2=0 do). Rebuild it with InstructionSet \"portable\" to run on any CPU.", message);
        }

        [Fact]
        public void A_v3_model_names_only_what_is_missing()
        {
            string? message = CpuFloor.Check("Mnist", CpuFloor.X86V3, V3 & ~X86Features.Fma & ~X86Features.Lzcnt, Architecture.X64);
            Assert.Contains("cannot use FMA, LZCNT (", message, StringComparison.Ordinal);
            Assert.Contains("floor x86-64-v3", message, StringComparison.Ordinal);
        }

        [Fact]
        public void An_x86_floor_on_another_architecture_says_so()
        {
            string? message = CpuFloor.Check("Mnist", CpuFloor.X86V3, X86Features.None, Architecture.Arm64);
            Assert.Contains("which needs an x86-64 CPU, but this process runs on Arm64.", message, StringComparison.Ordinal);
            Assert.Null(CpuFloor.Check("Mnist", CpuFloor.Portable, X86Features.None, Architecture.Arm64));
        }

        [Fact]
        public void An_unknown_floor_is_an_argument_error()
        {
            Assert.Throws<ArgumentException>(() => CpuFloor.Check("Mnist", "native", V3, Architecture.X64));
        }

        [Fact]
        public void Supported_matches_the_runtime_and_Require_throws_exactly_when_Check_has_a_message()
        {
            var s = CpuFloor.Supported();
            Assert.Equal(Avx2.IsSupported, s.HasFlag(X86Features.Avx2));
            Assert.Equal(Fma.IsSupported, s.HasFlag(X86Features.Fma));
            Assert.Equal(Avx512F.IsSupported, s.HasFlag(X86Features.Avx512F));
            Assert.Equal(Avx512F.VL.IsSupported, s.HasFlag(X86Features.Avx512VL));
            foreach (string floor in new[] { CpuFloor.X86V3, CpuFloor.X86V4 })
            {
                string? expected = CpuFloor.Check("Mnist", floor, s, RuntimeInformation.ProcessArchitecture);
                if (expected == null) CpuFloor.Require("Mnist", floor);
                else Assert.Equal(expected, Assert.Throws<PlatformNotSupportedException>(() => CpuFloor.Require("Mnist", floor)).Message);
            }
            CpuFloor.Require("Mnist", CpuFloor.Portable);
        }
    }
}
