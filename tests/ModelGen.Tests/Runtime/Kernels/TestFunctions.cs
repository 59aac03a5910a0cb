using System;
using System.Numerics;
using System.Runtime.Intrinsics;
using ModelGen.Runtime.Kernels;

namespace ModelGen.Tests.Runtime.Kernels;

// Function structs of the shape the compiler generates for elementwise ops (see Emit/Cpu/ExpressionStructs.cs),
// written out by hand so the runtime loops can be tested on their own.

internal readonly struct AddOp<T> : IVectorMap2<T> where T : unmanaged, INumber<T>
{
    public static T Apply(T a, T b) => a + b;
    public static Vector128<T> Apply(Vector128<T> a, Vector128<T> b) => a + b;
    public static Vector256<T> Apply(Vector256<T> a, Vector256<T> b) => a + b;
    public static Vector512<T> Apply(Vector512<T> a, Vector512<T> b) => a + b;
}

internal readonly struct SubOp<T> : IVectorMap2<T> where T : unmanaged, INumber<T>
{
    public static T Apply(T a, T b) => a - b;
    public static Vector128<T> Apply(Vector128<T> a, Vector128<T> b) => a - b;
    public static Vector256<T> Apply(Vector256<T> a, Vector256<T> b) => a - b;
    public static Vector512<T> Apply(Vector512<T> a, Vector512<T> b) => a - b;
}

internal readonly struct MulOp<T> : IVectorMap2<T> where T : unmanaged, INumber<T>
{
    public static T Apply(T a, T b) => a * b;
    public static Vector128<T> Apply(Vector128<T> a, Vector128<T> b) => a * b;
    public static Vector256<T> Apply(Vector256<T> a, Vector256<T> b) => a * b;
    public static Vector512<T> Apply(Vector512<T> a, Vector512<T> b) => a * b;
}

internal readonly struct DivF : IVectorMap2<float>
{
    public static float Apply(float a, float b) => a / b;
    public static Vector128<float> Apply(Vector128<float> a, Vector128<float> b) => a / b;
    public static Vector256<float> Apply(Vector256<float> a, Vector256<float> b) => a / b;
    public static Vector512<float> Apply(Vector512<float> a, Vector512<float> b) => a / b;
}

/// <summary>Integer Div as generated: scalar only (integer vector division does not exist; x/0 must throw).</summary>
internal readonly struct DivInt : IMap2<int, int, int>
{
    public static int Apply(int a, int b) => unchecked(a / b);
}

/// <summary>Half Add as generated: computed in float, rounded to half.</summary>
internal readonly struct AddHalf : IMap2<Half, Half, Half>
{
    public static Half Apply(Half a, Half b) => (Half)((float)a + (float)b);
}

internal readonly struct ReluF : IVectorMap1<float>
{
    public static float Apply(float x) => Math.Max(x, 0f);
    public static Vector128<float> Apply(Vector128<float> x) => Vector128.Max(x, Vector128.Create(0f));
    public static Vector256<float> Apply(Vector256<float> x) => Vector256.Max(x, Vector256.Create(0f));
    public static Vector512<float> Apply(Vector512<float> x) => Vector512.Max(x, Vector512.Create(0f));
}

internal readonly struct ExpF : IVectorMap1<float>
{
    public static float Apply(float x) => MathF.Exp(x);
    public static Vector128<float> Apply(Vector128<float> x) => Vector128.Exp(x);
    public static Vector256<float> Apply(Vector256<float> x) => Vector256.Exp(x);
    public static Vector512<float> Apply(Vector512<float> x) => Vector512.Exp(x);
}

/// <summary>Greater as generated: a bool result, scalar only.</summary>
internal readonly struct GreaterF : IMap2<float, float, bool>
{
    public static bool Apply(float a, float b) => a > b;
}

/// <summary>Where as generated.</summary>
internal readonly struct WhereF : IMap3<bool, float, float, float>
{
    public static float Apply(bool c, float a, float b) => c ? a : b;
}
