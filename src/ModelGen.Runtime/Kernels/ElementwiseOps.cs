using System.Runtime.Intrinsics;

namespace ModelGen.Runtime.Kernels;

// The function types generated code passes to the elementwise loops: one private struct per distinct expression,
// whose static members the JIT inlines into the loop. The scalar member is the reference; vector members exist only
// when every primitive of the expression has a vector form (the compiler decides), and compute the same function.

/// <summary>y = f(x).</summary>
/// <typeparam name="TX">Input element type.</typeparam>
/// <typeparam name="TY">Output element type.</typeparam>
public interface IMap1<TX, TY>
{
    /// <summary>The function on one element.</summary>
    /// <param name="x">Input element.</param>
    /// <returns>Output element.</returns>
    static abstract TY Apply(TX x);
}

/// <summary>y = f(a, b).</summary>
/// <typeparam name="TA">First input element type.</typeparam>
/// <typeparam name="TB">Second input element type.</typeparam>
/// <typeparam name="TY">Output element type.</typeparam>
public interface IMap2<TA, TB, TY>
{
    /// <summary>The function on one element of each input.</summary>
    /// <param name="a">First input element.</param>
    /// <param name="b">Second input element.</param>
    /// <returns>Output element.</returns>
    static abstract TY Apply(TA a, TB b);
}

/// <summary>y = f(a, b, c).</summary>
/// <typeparam name="TA">First input element type.</typeparam>
/// <typeparam name="TB">Second input element type.</typeparam>
/// <typeparam name="TC">Third input element type.</typeparam>
/// <typeparam name="TY">Output element type.</typeparam>
public interface IMap3<TA, TB, TC, TY>
{
    /// <summary>The function on one element of each input.</summary>
    /// <param name="a">First input element.</param>
    /// <param name="b">Second input element.</param>
    /// <param name="c">Third input element.</param>
    /// <returns>Output element.</returns>
    static abstract TY Apply(TA a, TB b, TC c);
}

/// <summary>y = f(x) on elements and on whole vectors of one type.</summary>
/// <typeparam name="T">Element type of the input and the output.</typeparam>
public interface IVectorMap1<T> : IMap1<T, T>
{
    /// <summary>The function on 128 bits of elements.</summary>
    /// <param name="x">Input lanes.</param>
    /// <returns>Output lanes.</returns>
    static abstract Vector128<T> Apply(Vector128<T> x);

    /// <summary>The function on 256 bits of elements.</summary>
    /// <param name="x">Input lanes.</param>
    /// <returns>Output lanes.</returns>
    static abstract Vector256<T> Apply(Vector256<T> x);

    /// <summary>The function on 512 bits of elements.</summary>
    /// <param name="x">Input lanes.</param>
    /// <returns>Output lanes.</returns>
    static abstract Vector512<T> Apply(Vector512<T> x);
}

/// <summary>y = f(a, b) on elements and on whole vectors of one type.</summary>
/// <typeparam name="T">Element type of the inputs and the output.</typeparam>
public interface IVectorMap2<T> : IMap2<T, T, T>
{
    /// <summary>The function on 128 bits of elements.</summary>
    /// <param name="a">First input lanes.</param>
    /// <param name="b">Second input lanes.</param>
    /// <returns>Output lanes.</returns>
    static abstract Vector128<T> Apply(Vector128<T> a, Vector128<T> b);

    /// <summary>The function on 256 bits of elements.</summary>
    /// <param name="a">First input lanes.</param>
    /// <param name="b">Second input lanes.</param>
    /// <returns>Output lanes.</returns>
    static abstract Vector256<T> Apply(Vector256<T> a, Vector256<T> b);

    /// <summary>The function on 512 bits of elements.</summary>
    /// <param name="a">First input lanes.</param>
    /// <param name="b">Second input lanes.</param>
    /// <returns>Output lanes.</returns>
    static abstract Vector512<T> Apply(Vector512<T> a, Vector512<T> b);
}
