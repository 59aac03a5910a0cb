using System.Collections.Generic;
using ModelGen.Compiler.Ir;
using Xunit;

namespace ModelGen.Tests.Compiler
{
    /// <summary><see cref="Dim"/> v2: floor/ceiling division, mod, min and max in a normal form, bounds, text and C#.</summary>
    public sealed class DimExpressionTests
    {
        private static readonly Dim N = Dim.Symbol("N"), H = Dim.Symbol("H");

        [Fact]
        public void FloorDivisionPullsOutMultiplesAndCancelsFactors()
        {
            Assert.Equal(N, Dim.FloorDiv(2 * N, 2));
            Assert.Equal("floordiv(N, 2) + N", Dim.FloorDiv(3 * N, 2).ToString());
            Assert.Equal(Dim.FloorDiv(N + 1, 2), Dim.FloorDiv(2 * N + 2, 4));   // common factors cancel
            Assert.Equal(Dim.FloorDiv(H, 2), Dim.FloorDiv(H - 2, 2) + 1);        // the pool output of ⌊(H−2)/2⌋+1
            Assert.Equal(-2, Dim.FloorDiv(Dim.Of(-3), 2).Value);                  // toward −∞, not zero
            Assert.Equal(N, Dim.FloorDiv(N * H, H));
        }

        [Fact]
        public void CeilingDivisionAndModAreWrittenWithFloor()
        {
            Assert.Equal(Dim.FloorDiv(N + 1, 2), Dim.CeilDiv(N, 2));
            Assert.Equal(Dim.Zero, Dim.Mod(4 * N, 2));
            Assert.Equal(1, Dim.Mod(Dim.Of(-3), 2).Value);
        }

        [Fact]
        public void MinAndMaxDropWhatIsProvablyDominated()
        {
            Assert.Equal(N, Dim.Max(N, 1));      // input dims are at least 1
            Assert.Equal(Dim.One, Dim.Min(N, 1));
            Assert.Equal(N, Dim.Min(N, N + 3));
            Assert.Equal("min(3, N)", Dim.Min(N, 3).ToString());
            Assert.Equal(Dim.Min(N, 3), Dim.Min(3, N));
            Assert.Equal(Dim.Min(N, 3), Dim.Min(Dim.Min(N, 3), N + 5));
            var rt = Dim.RuntimeSymbol("count");
            Assert.Equal("max($count - 1, 0)", Dim.Max(0, rt - 1).ToString()); // run-time dims may be 0: nothing to drop
        }

        [Fact]
        public void BoundsAndMonotoneUpperBounds()
        {
            Assert.Equal(2, (N + 1).LowerBound);
            Assert.Equal(-2, (N - 3).LowerBound);
            Assert.Null((3 - N).LowerBound);
            Assert.True(Dim.ProvablyLessOrEqual(N, 2 * N));
            Assert.False(Dim.ProvablyLessOrEqual(N, Dim.Of(5)));
            var nz = Dim.RuntimeSymbol("nz");
            Assert.Equal(3 * N * 4, (3 * nz).Bounded(s => s == "$nz" ? N * 4 : null));
            Assert.Null((N - nz).Bounded(s => s == "$nz" ? N : null)); // decreasing in the bounded symbol: no upper bound
        }

        [Fact]
        public void EvaluationSubstitutionAndCSharp()
        {
            var d = Dim.FloorDiv(H + 2 - 3, 2) + 1;
            Assert.Equal(4, d.Evaluate(s => 7));
            Assert.Equal(Dim.Of(4), d.Substitute(new Dictionary<string, long> { ["H"] = 7 }));
            Assert.Equal("((_h + 1) / 2)", Dim.FloorDiv(H + 1, 2).ToCSharp(s => "_h"));                   // non-negative numerator: C#'s /
            Assert.Equal("(((_h + 1) / 2) - 3)", Dim.FloorDiv(H - 5, 2).ToCSharp(s => "_h"));             // ⌊(H−5)/2⌋ = ⌊(H+1)/2⌋ − 3
            // A numerator that may be negative needs floor division proper.
            Assert.Equal("global::ModelGen.Runtime.DimMath.FloorDiv(global::System.Math.Min(3, (_h - 5)), 2)", Dim.FloorDiv(Dim.Min(H - 5, 3), 2).ToCSharp(s => "_h"));
            Assert.Equal("global::System.Math.Min(3, _h)", Dim.Min(H, 3).ToCSharp(s => "_h"));
        }

        [Theory]
        [InlineData("2*N*H + 1")]
        [InlineData("floordiv(H - 1, 2) + 1")]
        [InlineData("min(3, N)")]
        [InlineData("max(0, $count - 1)")]
        [InlineData("ceildiv(N, 4)")]
        [InlineData("mod(N, 3)")]
        [InlineData("-N + 7")]
        public void TextRoundTrips(string text)
        {
            var d = Dim.Parse(text);
            Assert.Equal(d, Dim.Parse(d.ToString()));
            Assert.Equal(d.ToString(), Dim.Parse(d.ToString()).ToString());
        }
    }
}
