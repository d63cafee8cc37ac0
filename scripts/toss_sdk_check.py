#!/usr/bin/env python3
"""Drives the Toss sandbox with a Toss client written by someone else: the PyPI package
`tosspayments-python-server-sdk` (TossPaymentsSdkTests runs this).

    toss_sdk_check.py SANDBOX_BASE SECRET_KEY

SANDBOX_BASE is the sandbox's root (http://127.0.0.1:PORT/sandbox/toss); the SDK's own
`Config.api_base` option points it there. The script plays the customer's checkout
(`POST /approve`), then with the SDK confirms, looks up by paymentKey and by orderId, cancels
part and then the rest. Every field the SDK's models read must be present in the raw answer
(not left to the model's default) and of the type the model expects. Prints one JSON object
with what it saw; exits 1 on any mismatch.
"""
import importlib.util
import json
import sys
import types
import uuid
from datetime import datetime

import requests

# Release 1.0.6 of the SDK ships an __init__ that imports names its exceptions module does
# not define; load the package's modules without running that __init__.
spec = importlib.util.find_spec("tosspayments_server_sdk")
package = types.ModuleType("tosspayments_server_sdk")
package.__path__ = list(spec.submodule_search_locations)
sys.modules["tosspayments_server_sdk"] = package
from tosspayments_server_sdk.client import Client  # noqa: E402
from tosspayments_server_sdk.models.payment import Payment, Card, Cancellation  # noqa: E402
from tosspayments_server_sdk.models.enums import PaymentStatus  # noqa: E402

base, secret = sys.argv[1], sys.argv[2]
problems = []

client = Client(secret_key=secret, max_retries=0)
client.config.api_base = base  # the SDK's base URL option: its calls go to {api_base}/v1/...
raw_answers = []
original = client._http_client._handle_response


def capture(response):
    raw_answers.append(response.json())
    return original(response)


client._http_client._handle_response = capture

# Keys Payment.from_dict, Card.from_dict and Cancellation.from_dict read, and their JSON types.
PAYMENT_KEYS = {
    "version": str, "paymentKey": str, "type": str, "orderId": str, "orderName": str, "mId": str, "currency": str,
    "method": str, "totalAmount": int, "balanceAmount": int, "status": str, "requestedAt": str,
    "approvedAt": (str, type(None)), "useEscrow": bool, "lastTransactionKey": (str, type(None)), "suppliedAmount": int,
    "vat": int, "taxFreeAmount": int, "taxExemptionAmount": int, "cancels": (list, type(None)),
    "isPartialCancelable": bool, "card": (dict, type(None)), "virtualAccount": (dict, type(None)),
    "mobilePhone": (dict, type(None)), "giftCertificate": (dict, type(None)), "transfer": (dict, type(None)),
    "receipt": (dict, type(None)), "easyPay": (dict, type(None)), "country": str, "failure": (dict, type(None)),
    "cashReceipt": (dict, type(None)), "discount": (dict, type(None)),
    # Toss's reference spells it cultureExpense; the SDK reads culturalExpense (and defaults it).
    "cultureExpense": bool,
}
CARD_KEYS = {"amount": int, "issuerCode": str, "acquirerCode": str, "number": str, "installmentPlanMonths": int,
             "approveNo": str, "useCardPoint": bool, "cardType": str, "ownerType": str,
             "isInterestFree": bool, "interestPayer": (str, type(None)), "acquireStatus": str}
CANCEL_KEYS = {"cancelAmount": int, "cancelReason": str, "canceledAt": str, "transactionKey": str,
               "receiptKey": (str, type(None)), "taxFreeAmount": int, "refundableAmount": int}


def check(where, data, keys):
    for key, kind in keys.items():
        if key not in data:
            problems.append(f"{where}: {key} missing")
        elif isinstance(data[key], bool) and kind is int:
            problems.append(f"{where}: {key} is a boolean")
        elif not isinstance(data[key], kind):
            problems.append(f"{where}: {key} is {type(data[key]).__name__}")


def check_payment(step, payment, raw):
    if not isinstance(payment, Payment):
        problems.append(f"{step}: not a Payment")
    check(step, raw, PAYMENT_KEYS)
    if raw.get("card"):
        check(step + ".card", raw["card"], CARD_KEYS)
        if not isinstance(payment.card, Card):
            problems.append(f"{step}: card not read")
    for index, cancel in enumerate(raw.get("cancels") or []):
        check(f"{step}.cancels[{index}]", cancel, CANCEL_KEYS)
    for index, cancel in enumerate(payment.cancels):
        if not isinstance(cancel, Cancellation) or not isinstance(cancel.canceled_at, datetime):
            problems.append(f"{step}: cancels[{index}] not read")
    if not isinstance(payment.requested_at, datetime):
        problems.append(f"{step}: requestedAt not a datetime")
    taxable = payment.balance_amount - payment.tax_free_amount
    if payment.vat != (2 * taxable + 11) // 22 or payment.supplied_amount != taxable - payment.vat:
        problems.append(f"{step}: vat {payment.vat} / supplied {payment.supplied_amount} do not describe the balance "
                        f"{payment.balance_amount} (tax-free {payment.tax_free_amount})")


order_id = "sdk_" + uuid.uuid4().hex[:16]
approve = requests.post(base + "/approve", json={"orderId": order_id, "amount": 33000, "orderName": "머그컵 외 2건",
                                                "taxFreeAmount": 3000}, timeout=10)
approve.raise_for_status()
payment_key = approve.json()["paymentKey"]

seen = {}
confirmed = client.payments.confirm(payment_key, order_id, 33000)
check_payment("confirm", confirmed, raw_answers[-1])
seen["confirm"] = {"status": confirmed.status.value, "vat": confirmed.vat, "supplied": confirmed.supplied_amount,
                   "taxFree": confirmed.tax_free_amount}
if confirmed.status != PaymentStatus.DONE or not confirmed.is_paid():
    problems.append(f"confirm: status {confirmed.status}")

by_key = client.payments.retrieve(payment_key)
check_payment("retrieve", by_key, raw_answers[-1])
by_order = client.payments.retrieve_by_order_id(order_id)
check_payment("retrieve_by_order_id", by_order, raw_answers[-1])
if by_key.payment_key != payment_key or by_order.payment_key != payment_key:
    problems.append("lookups found another payment")

partial = client.payments.cancel(payment_key, "고객 변심", cancel_amount=11000, tax_free_amount=1000)
check_payment("partial cancel", partial, raw_answers[-1])
seen["partial"] = {"status": partial.status.value, "balance": partial.balance_amount, "vat": partial.vat,
                   "supplied": partial.supplied_amount, "taxFree": partial.tax_free_amount}
if partial.status != PaymentStatus.PARTIAL_CANCELED or partial.get_cancelable_amount() != 22000 \
        or partial.tax_free_amount != 2000 or len(partial.cancels) != 1:
    problems.append(f"partial cancel: {seen['partial']}")

full = client.payments.cancel(payment_key, "전액 취소")
check_payment("full cancel", full, raw_answers[-1])
seen["full"] = {"status": full.status.value, "balance": full.balance_amount, "vat": full.vat,
                "supplied": full.supplied_amount, "taxFree": full.tax_free_amount}
if full.status != PaymentStatus.CANCELED or full.can_be_canceled() or full.get_canceled_amount() != 33000 \
        or (full.vat, full.supplied_amount, full.tax_free_amount) != (0, 0, 0) or len(full.cancels) != 2:
    problems.append(f"full cancel: {seen['full']}")

print(json.dumps({"problems": problems, "seen": seen}, ensure_ascii=False))
sys.exit(1 if problems else 0)
