package io.rollcall.app.web;

/** A refusal the edge itself decides (lookups before a command); answered with the contract's error. */
public class ContractException extends RuntimeException {

    private final ContractError error;

    public ContractException(ContractError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public ContractError error() {
        return error;
    }
}
