using System.Linq;
using ModelGen.Compiler;
using ModelGen.Fuzzing.Corpus;
using ModelGen.Fuzzing.Mutation;
using ModelGen.Fuzzing.Oracle;
using Xunit;

namespace ModelGen.Tests.Diagnostics
{
    /// <summary>
    /// MG0901 (internal error) has no valid input that triggers it; instead: corrupted models never make the
    /// compiler throw or the generator crash (CS8785); every result is a success or carries ModelGen errors other than
    /// MG0901. The fuzzing harness (tests/ModelGen.Fuzzing) does this at scale: Reliability/FuzzingSliceTests runs CI's
    /// slice of it, through the compiler and through the generator; here is the short form next to the other MG tests.
    /// </summary>
    public sealed class MalformedInputFuzzTests
    {
        [Fact]
        public void SeedModelCompiles()
        {
            var result = ModelCompiler.Compile(SeedModels.ConvGemm(), FuzzOptions.For(0));
            Assert.True(result.Success, string.Join("\n", result.Problems));
        }

        [Fact]
        public void MG0901_CorruptedModelsNeverReachTheInternalErrorBoundary()
        {
            var seed = SeedModels.ConvGemm();
            var oracle = new CompileOracle();
            var verdicts = Enumerable.Range(0, 300).Select(i => (Index: i, Mutant: ModelMutator.Create(seed, 20240607, i))).ToList()
                .Select(m => (m.Index, m.Mutant.How, Verdict: oracle.Check(m.Mutant.Bytes, FuzzOptions.For(m.Index)))).ToList();
            var failures = verdicts.Where(v => v.Verdict.IsFailure).ToList();
            Assert.True(failures.Count == 0, string.Join("\n", failures.Select(f => "mutant " + f.Index + " (" + f.How + "): " + f.Verdict)));
            Assert.True(verdicts.Select(v => v.Verdict.Ids).Distinct().Count() > 2, "the mutations should produce a variety of outcomes");
        }
    }
}
