package io.resnextexplorer.onnx;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * Protocol-buffer wire-format reader over a seekable channel, for just what the ONNX reader needs:
 * tags, varints, fixed32/64, length-delimited fields with nested limits, and skipping.
 *
 * <p>Only a small window of the file is buffered; {@link #skip(long)} moves the channel position,
 * so tensor payloads (raw_data) are never copied into the heap.
 */
final class ProtoInput {
    static final int WIRE_VARINT = 0;
    static final int WIRE_FIXED64 = 1;
    static final int WIRE_LEN = 2;
    static final int WIRE_FIXED32 = 5;

    private static final int BUFFER_SIZE = 64 * 1024;

    private final SeekableByteChannel channel;
    private final long size;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);

    /** Absolute file offset of buffer position 0. */
    private long bufferStart;

    private long limit;

    ProtoInput(SeekableByteChannel channel) throws IOException {
        this.channel = channel;
        this.size = channel.size();
        this.limit = size;
        this.bufferStart = channel.position();
        buffer.limit(0);
    }

    /** Absolute offset of the next byte to read. */
    long position() {
        return bufferStart + buffer.position();
    }

    long size() {
        return size;
    }

    long limit() {
        return limit;
    }

    boolean atLimit() {
        return position() >= limit;
    }

    /** Bytes left before the current limit. */
    long remaining() {
        return limit - position();
    }

    /**
     * Enters a nested message of {@code length} bytes; returns the previous limit for {@link
     * #popLimit(long)}.
     *
     * @throws EOFException if the message would end past the enclosing limit (truncated file)
     */
    long pushLimit(long length) throws EOFException {
        long end = position() + length;
        if (length < 0 || end > limit) {
            throw new EOFException(
                    "field at offset "
                            + position()
                            + " needs "
                            + length
                            + " bytes, only "
                            + remaining()
                            + " left");
        }
        long old = limit;
        limit = end;
        return old;
    }

    void popLimit(long oldLimit) {
        limit = oldLimit;
    }

    /** Reads a field tag, or returns 0 at the current limit. */
    int readTag() throws IOException {
        if (atLimit()) {
            return 0;
        }
        long tag = readVarint();
        if ((tag >>> 3) == 0 || tag > 0xFFFF_FFFFL) {
            throw new ProtoException("invalid field tag " + tag + " at offset " + position());
        }
        return (int) tag;
    }

    long readVarint() throws IOException {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new ProtoException("malformed varint at offset " + position());
    }

    int readFixed32() throws IOException {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v |= readByte() << (8 * i);
        }
        return v;
    }

    long readFixed64() throws IOException {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (long) readByte() << (8 * i);
        }
        return v;
    }

    /** Reads a length prefix and checks that the bytes are there. */
    long readLength() throws IOException {
        long len = readVarint();
        if (len < 0 || len > remaining()) {
            throw new EOFException(
                    "field at offset "
                            + position()
                            + " needs "
                            + len
                            + " bytes, only "
                            + remaining()
                            + " left");
        }
        return len;
    }

    String readString() throws IOException {
        return new String(readBytes(readLength()), StandardCharsets.UTF_8);
    }

    byte[] readBytes(long len) throws IOException {
        if (len > Integer.MAX_VALUE - 8 || len > remaining()) {
            throw new EOFException("cannot read " + len + " bytes at offset " + position());
        }
        byte[] out = new byte[(int) len];
        int off = 0;
        while (off < out.length) {
            if (!buffer.hasRemaining()) {
                fill();
            }
            int n = Math.min(buffer.remaining(), out.length - off);
            buffer.get(out, off, n);
            off += n;
        }
        return out;
    }

    /** Skips {@code len} bytes without reading them (seeks the channel when past the buffer). */
    void skip(long len) throws IOException {
        if (len < 0 || len > remaining()) {
            throw new EOFException("cannot skip " + len + " bytes at offset " + position());
        }
        if (len <= buffer.remaining()) {
            buffer.position(buffer.position() + (int) len);
            return;
        }
        long target = position() + len;
        buffer.clear();
        buffer.limit(0);
        bufferStart = target;
        channel.position(target);
    }

    /** Skips the value of a field whose tag was just read. */
    void skipField(int tag) throws IOException {
        switch (tag & 7) {
            case WIRE_VARINT -> readVarint();
            case WIRE_FIXED64 -> skip(8);
            case WIRE_LEN -> skip(readLength());
            case WIRE_FIXED32 -> skip(4);
            default ->
                    throw new ProtoException(
                            "unsupported wire type " + (tag & 7) + " at offset " + position());
        }
    }

    private int readByte() throws IOException {
        if (position() >= limit) {
            throw new EOFException("unexpected end of field at offset " + position());
        }
        if (!buffer.hasRemaining()) {
            fill();
        }
        return buffer.get() & 0xFF;
    }

    private void fill() throws IOException {
        long pos = position();
        buffer.clear();
        channel.position(pos);
        bufferStart = pos;
        while (buffer.position() == 0) {
            int n = channel.read(buffer);
            if (n < 0) {
                buffer.flip();
                throw new EOFException("unexpected end of file at offset " + pos);
            }
        }
        buffer.flip();
    }

    /** Bytes that are not valid protocol-buffer encoding. */
    static class ProtoException extends IOException {
        private static final long serialVersionUID = 1L;

        ProtoException(String message) {
            super(message);
        }
    }
}
