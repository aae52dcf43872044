package dev.berth.host;

import dev.berth.domain.Printable;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.regex.Pattern;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.RenameFlags;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.sftp.SFTPException;

/**
 * Writes a file on a host over SFTP: into a temporary name beside the target, with the mode set, then renamed over
 * the target ({@code posix-rename@openssh.com}), so readers see the old or the new file, never a half-written one.
 */
final class SftpUpload {

    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9._/-]{1,1024}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private SftpUpload() {
    }

    /** Refuses paths and modes berth never needs, before any I/O. */
    static void check(String remotePath, int mode) {
        if (remotePath == null || !PATH.matcher(remotePath).matches() || remotePath.endsWith("/")
                || ("/" + remotePath + "/").contains("/../") || ("/" + remotePath + "/").contains("/./")) {
            throw new IllegalArgumentException("invalid remote path '" + Printable.clip(remotePath)
                    + "': expected a file path of letters, digits and . _ - / without '.' or '..' segments");
        }
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("invalid file mode " + Integer.toOctalString(mode)
                    + ": expected an octal POSIX mode from 0 to 7777");
        }
    }

    static void put(SFTPClient sftp, HostAddress address, byte[] content, String remotePath, int mode) {
        String tmp = remotePath + ".berth-" + HexFormat.of().formatHex(randomBytes());
        try {
            int slash = remotePath.lastIndexOf('/');
            if (slash > 0 && sftp.statExistence(remotePath.substring(0, slash)) == null) {
                sftp.mkdirs(remotePath.substring(0, slash));
            }
            FileAttributes attributes = new FileAttributes.Builder().withPermissions(mode).build();
            try (RemoteFile file = sftp.open(tmp, EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.EXCL),
                    attributes); OutputStream out = file.new RemoteFileOutputStream(0, 16)) {
                out.write(content);
            }
            sftp.chmod(tmp, mode); // the open above is subject to the umask
            sftp.rename(tmp, remotePath, EnumSet.of(RenameFlags.OVERWRITE));
        } catch (SFTPException e) {
            removeQuietly(sftp, tmp);
            throw new RemoteFileFailed(address, "write " + remotePath, e);
        } catch (IOException e) {
            throw new ConnectionLost(address, "the upload of " + remotePath, e);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static void removeQuietly(SFTPClient sftp, String path) {
        try {
            if (sftp.statExistence(path) != null) {
                sftp.rm(path);
            }
        } catch (IOException e) {
            // best effort: the temporary name is unique and harmless
        }
    }
}
