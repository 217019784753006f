package com.clerk.backend

import com.clerk.backend.ffi.NativeFile
import com.clerk.backend.ffi.NativeFileSource
import java.nio.file.Path

/**
 * A file for a multipart operation (`users.setProfileImage(userId, file = …)`): bytes in
 * memory, or a path the core reads when the request is sent (and again on a retry).
 */
class FileUpload private constructor(
    private val source: NativeFileSource,
    val fileName: String?,
    /** Guessed from the file name when null. */
    val contentType: String?,
) {
    companion object {
        @JvmStatic
        @JvmOverloads
        fun fromBytes(bytes: ByteArray, fileName: String, contentType: String? = null): FileUpload =
            FileUpload(NativeFileSource.Bytes(bytes.copyOf()), fileName, contentType)

        /** [fileName] defaults to the path's last component. A missing file fails the call. */
        @JvmStatic
        @JvmOverloads
        fun fromPath(path: Path, fileName: String? = null, contentType: String? = null): FileUpload =
            FileUpload(NativeFileSource.Path(path.toString()), fileName, contentType)

        @JvmStatic
        @JvmOverloads
        fun fromPath(path: String, fileName: String? = null, contentType: String? = null): FileUpload =
            fromPath(Path.of(path), fileName, contentType)
    }

    internal fun toNative(field: String): NativeFile = NativeFile(field, source, fileName, contentType)

    override fun toString(): String = when (source) {
        is NativeFileSource.Bytes -> "FileUpload(${source.data.size} bytes, fileName=$fileName, contentType=$contentType)"
        is NativeFileSource.Path -> "FileUpload(path=${source.path}, fileName=$fileName, contentType=$contentType)"
    }
}
