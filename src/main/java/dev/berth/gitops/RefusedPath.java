package dev.berth.gitops;

import java.io.IOException;

/** A path berth will never write into the state repository: not plain, or through a link or a file of the branch. */
public class RefusedPath extends IOException {

    public RefusedPath(String message) {
        super(message);
    }
}
