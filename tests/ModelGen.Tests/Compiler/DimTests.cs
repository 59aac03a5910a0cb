using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;
using Xunit;

namespace ModelGen.Tests.Compiler
{
    /// <summary><see cref="Dim"/>: polynomials over symbolic dims, canonical, with exact division.</summary>
    public sealed class DimTests
    {
        private static readonly Dim N = Dim.Symbol("N");
        private static readonly Dim M = Dim.Symbol("M");

        [Fact]
        public void StaticArithmetic()
        {
            Assert.Equal(7, (Dim.Of(3) + Dim.Of(4)).Value);
            Assert.Equal(12, (Dim.Of(3) * Dim.Of(4)).Value);
            Assert.Equal(-1, (Dim.Of(3) - Dim.Of(4)).Value);
            Dim implicitDim = 5L;
            Assert.True(implicitDim.IsStatic);
            Assert.Equal(Dim.Of(5), implicitDim);
            Assert.Equal(0, Dim.Zero.Value);
            Assert.Empty(Dim.Of(9).Symbols);
        }

        [Fact]
        public void SymbolicSumsAndProductsCollectTerms()
        {
            var twoN = N + N;
            Assert.False(twoN.IsStatic);
            Assert.Equal(N * Dim.Of(2), twoN);
            Assert.Equal("2*N", twoN.ToString());

            // (N + 2) * N = N*N + 2*N
            var square = (N + Dim.Of(2)) * N;
            Assert.Equal(N * N + N * Dim.Of(2), square);
            Assert.Equal("N*N + 2*N", square.ToString());

            // Terms cancel to a static zero.
            var zero = (N * M + Dim.Of(3)) - (M * N + Dim.Of(3));
            Assert.True(zero.IsStatic);
            Assert.Equal(Dim.Zero, zero);
            Assert.True((N * Dim.Zero).IsStatic);
            Assert.Equal(0, (N * Dim.Zero).Value);
        }

        [Fact]
        public void CanonicalFormDoesNotDependOnOrder()
        {
            var a = Dim.Symbol("batch") * Dim.Symbol("seq") * Dim.Of(2) + Dim.One;
            var b = Dim.One + Dim.Of(2) * Dim.Symbol("seq") * Dim.Symbol("batch");
            Assert.Equal(a, b);
            Assert.Equal(a.GetHashCode(), b.GetHashCode());
            Assert.Equal("2*batch*seq + 1", a.ToString());
            Assert.Equal(a.ToString(), b.ToString());
            Assert.Equal(new[] { "batch", "seq" }, a.Symbols);
            Assert.Equal(new[] { "M", "N", "a" }, (Dim.Symbol("a") + N * M).Symbols);
        }

        [Fact]
        public void StaticDivision()
        {
            Assert.Equal(Dim.Of(3), Dim.Of(12).TryDivide(Dim.Of(4)));
            Assert.Null(Dim.Of(7).TryDivide(Dim.Of(2)));
            Assert.Null(Dim.Of(7).TryDivide(Dim.Zero));
            Assert.Null(N.TryDivide(Dim.Zero));
        }

        [Fact]
        public void SymbolicDivision()
        {
            // (6N + 3) / 3 = 2N + 1
            Assert.Equal(N * Dim.Of(2) + Dim.One, (N * Dim.Of(6) + Dim.Of(3)).TryDivide(Dim.Of(3)));
            // (2NM + 4N) / 2N = M + 2
            Assert.Equal(M + Dim.Of(2), (Dim.Of(2) * N * M + Dim.Of(4) * N).TryDivide(Dim.Of(2) * N));
            // 12*N*M / (3*M) = 4N, the -1 of a Reshape [N, 3, M, 4] -> [3*M, -1]
            Assert.Equal(Dim.Of(4) * N, (N * Dim.Of(3) * M * Dim.Of(4)).TryDivide(Dim.Of(3) * M));
            Assert.Equal(Dim.One, (N * M).TryDivide(M * N));
            Assert.Equal(Dim.One, (N + Dim.One).TryDivide(N + Dim.One));
        }

        [Fact]
        public void InexactSymbolicDivisionIsNull()
        {
            Assert.Null(N.TryDivide(M));
            Assert.Null((N + Dim.One).TryDivide(N));
            Assert.Null((N * Dim.Of(3)).TryDivide(Dim.Of(6)));
            Assert.Null(Dim.Of(8).TryDivide(N));
        }

        [Fact]
        public void SubstituteReplacesBoundSymbols()
        {
            var d = N * M + N;
            Assert.Equal(Dim.Of(2) * M + Dim.Of(2), d.Substitute(new Dictionary<string, long> { ["N"] = 2 }));
            var all = d.Substitute(new Dictionary<string, long> { ["N"] = 2, ["M"] = 3 });
            Assert.True(all.IsStatic);
            Assert.Equal(8, all.Value);
            Assert.Same(d, d.Substitute(new Dictionary<string, long>()));
        }

        [Fact]
        public void InvalidUseThrows()
        {
            Assert.Throws<ArgumentException>(() => Dim.Symbol(""));
            Assert.Throws<ArgumentException>(() => Dim.Symbol("a*b"));
            Assert.Throws<InvalidOperationException>(() => N.Value);
        }

        [Fact]
        public void ShapeElementCountAndText()
        {
            var shape = new Shape(new[] { N, Dim.Of(3), Dim.Of(4) });
            Assert.Equal(N * Dim.Of(12), shape.ElementCount);
            Assert.Equal("[N,3,4]", shape.ToString());
            Assert.Equal(Dim.Of(12), shape.Product(1, 3));
            Assert.Equal(Shape.Of(2, 3, 4), shape.Substitute(new Dictionary<string, long> { ["N"] = 2 }));
            Assert.Equal(Dim.One, Shape.Scalar.ElementCount);
        }
    }
}
