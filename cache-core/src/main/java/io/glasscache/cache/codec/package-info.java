/**
 * Value codecs (API): {@link io.glasscache.cache.codec.ValueCodec} and its implementations, Kryo with registration
 * required ({@link io.glasscache.cache.codec.KryoCodec}) and Jackson JSON. Bytes read back are untrusted input: a codec
 * fails with {@link io.glasscache.cache.codec.CodecException}, never misreads.
 */
package io.glasscache.cache.codec;
